// tenglong inspect: what a planner runs first on a new delivery. Per layer: source, driver,
// feature counts, geometry types, CRS and how it was decided, extent, encoding and how it was
// decided, the field mapping (gaps marked), every source column with the fields that read it and
// sample values (unmapped ones marked), and the problems found (invalid, empty, duplicate
// ids, ... with the commonest reasons). Text for people, --json for machines.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analysis/adjacency.hpp"
#include "analysis/inputs.hpp"
#include "cli/command.hpp"
#include "cli/ui_lang.hpp"
#include "rules/profile.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "io/encoding.hpp"
#include "io/gdal.hpp"
#include "io/reader.hpp"
#include "io/schema.hpp"

namespace tl::cli {

namespace {

struct InspectOptions {
    InputOptions in;
    bool json = false;
}; // struct InspectOptions

// "Self-intersection at or near point (x y)" -> "Self-intersection": the reason without the place.
std::string reason_of(const std::string& detail) {
    std::size_t cut = detail.size();
    for (const char* sep : {" at ", "[", ";", "(", ":"}) cut = std::min(cut, detail.find(sep));
    std::string r = detail.substr(0, cut);
    while (!r.empty() && (r.back() == ' ' || r.back() == ',')) r.pop_back();
    return r.empty() ? detail : r;
}

std::string fmt_num(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Shape facts that are not errors but a planner wants to know about a delivery: multi-part
// features and features with holes (counted on the source shape: a repaired bow-tie that became
// two parts is an invalid_geometry, not a multipart).
struct ShapeFacts {
    std::vector<std::int64_t> multipart_fids;
    std::vector<std::int64_t> hole_fids;
};

ShapeFacts shape_facts(geom::GeosContext& c, const geom::Layer& layer) {
    ShapeFacts s;
    for (const auto& f : layer.features) {
        if (!f.geom || f.repaired) continue;
        const int n = GEOSGetNumGeometries_r(c.get(), f.geom.get());
        if (GEOSGeomTypeId_r(c.get(), f.geom.get()) == GEOS_MULTIPOLYGON && n > 1) s.multipart_fids.push_back(f.fid);
        for (int k = 0; k < n; ++k) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(c.get(), f.geom.get(), k);
            if (GEOSGeomTypeId_r(c.get(), part) == GEOS_POLYGON && GEOSGetNumInteriorRings_r(c.get(), part) > 0) {
                s.hole_fids.push_back(f.fid);
                break;
            }
        }
    }
    return s;
}

// Up to three distinct values of every source column, by a second read of the layer with all
// its columns (io::ReadOptions::all_columns): inspect shows what the columns no field reads
// hold, so that a field the defaults missed can be recognised. Empty when the read fails.
std::map<std::string, std::vector<std::string>> column_samples(const io::LayerSpec& spec) {
    std::map<std::string, std::vector<std::string>> out;
    IssueLog scratch;
    io::ReadOptions ro;
    ro.all_columns = true;
    io::RawLayer raw;
    try {
        raw = io::read_layer(spec, scratch, ro);
    } catch (const std::exception&) {
        return out;
    }
    const std::size_t offset = raw.keys.size() - raw.source_fields.size();
    for (std::size_t c = 0; c < raw.source_fields.size(); ++c) {
        auto& v = out[raw.source_fields[c]];
        for (const auto& f : raw.features) {
            const auto& val = f.values[offset + c];
            if (!val || val->empty() || std::find(v.begin(), v.end(), *val) != v.end()) continue;
            v.push_back(val->size() > 40 ? val->substr(0, 40) + "…" : *val);
            if (v.size() == 3) break;
        }
    }
    return out;
}

nlohmann::ordered_json inspect_json(geom::GeosContext& c, const analysis::Inputs& in, const IssueLog& issues) {
    nlohmann::ordered_json j;
    j["project"] = in.project.name;
    j["working_crs"] = {{"epsg", in.working_crs.epsg ? nlohmann::ordered_json(*in.working_crs.epsg) : nlohmann::ordered_json(nullptr)},
                        {"name", in.working_crs.name},
                        {"decided_by", in.working_crs.decided_by}};
    const auto all = issues.sorted();
    nlohmann::ordered_json layers = nlohmann::ordered_json::object();
    for (const auto& name : in.order) {
        const auto& li = in.layers.at(name);
        const auto* def = io::find_layer_def(name);
        nlohmann::ordered_json l;
        l["label_zh"] = def ? def->label_zh : "";
        l["source"] = io::gdal::display_source(li.meta.spec.source);
        l["source_layer"] = li.meta.source_layer;
        l["driver"] = li.meta.driver;
        l["is_table"] = li.meta.is_table;
        l["features_read"] = li.layer.counts.read;
        l["features_used"] = li.layer.counts.used;
        l["features_rejected"] = li.layer.counts.rejected;
        l["features_repaired"] = li.layer.counts.repaired;
        l["geometry_types"] = li.meta.geometry_types;
        if (!li.meta.is_table) {
            l["crs"] = {{"epsg", li.crs.epsg ? nlohmann::ordered_json(*li.crs.epsg) : nlohmann::ordered_json(nullptr)},
                        {"name", li.crs.name},
                        {"decided_by", li.crs.decided_by}};
            if (std::isfinite(li.source_extent.minx)) {
                l["extent"] = {li.source_extent.minx, li.source_extent.miny, li.source_extent.maxx, li.source_extent.maxy};
            } else {
                l["extent"] = nullptr;
            }
        }
        l["encoding"] = {{"encoding", li.meta.encoding.encoding}, {"decided_by", li.meta.encoding.decided_by}};
        nlohmann::ordered_json fields = nlohmann::ordered_json::object();
        for (std::size_t k = 0; k < li.meta.keys.size(); ++k) {
            const std::string& col = k < li.meta.columns.size() ? li.meta.columns[k] : std::string();
            fields[li.meta.keys[k]] = col.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(col);
        }
        l["fields"] = fields;
        // Every source column, and those no field reads (a field the defaults missed is often there).
        nlohmann::ordered_json unmapped = nlohmann::ordered_json::array();
        for (const auto& col : li.meta.source_fields)
            if (std::find(li.meta.columns.begin(), li.meta.columns.end(), col) == li.meta.columns.end()) unmapped.push_back(col);
        l["source_columns"] = li.meta.source_fields;
        l["unmapped_columns"] = unmapped;
        // Every source column: the keys that read it (none = unmapped) and sample values.
        const auto samples = column_samples(li.meta.spec);
        nlohmann::ordered_json columns = nlohmann::ordered_json::array();
        for (const auto& col : li.meta.source_fields) {
            nlohmann::ordered_json keys = nlohmann::ordered_json::array();
            for (std::size_t k = 0; k < li.meta.keys.size() && k < li.meta.columns.size(); ++k)
                if (li.meta.columns[k] == col) keys.push_back(li.meta.keys[k]);
            const auto it = samples.find(col);
            columns.push_back({{"name", col}, {"fields", keys},
                               {"samples", it == samples.end() ? std::vector<std::string>{} : it->second}});
        }
        l["columns"] = columns;
        if (!li.date_forms.empty()) l["date_forms"] = li.date_forms;
        if (!li.meta.is_table) {
            const auto facts = shape_facts(c, li.layer);
            l["multipart_fids"] = facts.multipart_fids;
            l["hole_fids"] = facts.hole_fids;
        }
        // Problems: per kind, the number of distinct features and the commonest reasons.
        std::map<std::string, std::map<std::string, std::int64_t>> reasons;
        std::map<std::string, std::int64_t> per_kind;
        for (const auto& i : all) {
            if (i.layer != name) continue;
            ++per_kind[i.kind];
            ++reasons[i.kind][i.kind == "invalid_geometry" || i.kind == "bad_date" || i.kind == "bad_value" || i.kind == "bad_encoding"
                                  ? (i.kind == "invalid_geometry" ? reason_of(i.detail) : i.field)
                                  : std::string()];
        }
        nlohmann::ordered_json problems = nlohmann::ordered_json::object();
        for (const auto& [kind, n] : per_kind) {
            nlohmann::ordered_json p = {{"count", n}};
            std::vector<std::pair<std::int64_t, std::string>> top;
            for (const auto& [r, m] : reasons[kind]) if (!r.empty()) top.emplace_back(-m, r);
            std::sort(top.begin(), top.end());
            if (!top.empty()) {
                nlohmann::ordered_json rj = nlohmann::ordered_json::object();
                for (const auto& [m, r] : top) rj[r] = -m;
                p["reasons"] = rj;
            }
            problems[kind] = p;
        }
        l["problems"] = problems;
        layers[name] = l;
    }
    j["layers"] = layers;
    j["issues_total"] = all.size();
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& i : all) {
        list.push_back({{"layer", i.layer}, {"fid", i.fid}, {"feature_id", i.feature_id}, {"kind", i.kind},
                        {"field", i.field}, {"detail", i.detail}, {"action", to_string(i.action)}});
    }
    j["issues"] = list;
    return j;
}

void print_text(const nlohmann::ordered_json& j, std::ostream& os) {
    os << "项目 project: " << j["project"].get<std::string>() << "\n";
    const auto& w = j["working_crs"];
    os << "工作坐标系 working CRS: " << (w["epsg"].is_null() ? std::string("?") : "EPSG:" + std::to_string(w["epsg"].get<int>()))
       << " " << w["name"].get<std::string>() << " (" << w["decided_by"].get<std::string>() << ")\n";
    for (const auto& [name, l] : j["layers"].items()) {
        os << "\n== " << name << " " << l["label_zh"].get<std::string>() << " ==\n";
        os << "  来源 source    " << l["source"].get<std::string>() << " (" << l["driver"].get<std::string>();
        if (!l["source_layer"].get<std::string>().empty()) os << ", layer " << l["source_layer"].get<std::string>();
        os << ")\n";
        os << "  要素 features  " << l["features_read"] << " read, " << l["features_used"] << " used, " << l["features_rejected"]
           << " rejected, " << l["features_repaired"] << " repaired\n";
        if (!l["is_table"].get<bool>()) {
            os << "  几何 geometry ";
            bool first = true;
            for (const auto& [t, n] : l["geometry_types"].items()) { os << (first ? " " : ", ") << t << " " << n; first = false; }
            os << "\n";
            const auto& c = l["crs"];
            os << "  坐标系 CRS     " << (c["epsg"].is_null() ? std::string("(none)") : "EPSG:" + std::to_string(c["epsg"].get<int>()))
               << " " << c["name"].get<std::string>() << " (" << c["decided_by"].get<std::string>() << ")\n";
            if (!l["extent"].is_null()) {
                os << "  范围 extent    x " << fmt_num(l["extent"][0], 2) << " – " << fmt_num(l["extent"][2], 2) << ", y "
                   << fmt_num(l["extent"][1], 2) << " – " << fmt_num(l["extent"][3], 2) << "\n";
            }
        }
        os << "  编码 encoding  " << l["encoding"]["encoding"].get<std::string>() << " (decided by "
           << l["encoding"]["decided_by"].get<std::string>() << ")\n";
        os << "  字段 fields   ";
        bool first = true;
        for (const auto& [k, col] : l["fields"].items()) {
            os << (first ? " " : ", ") << k << " ← " << (col.is_null() ? std::string("(缺 missing)") : col.get<std::string>());
            first = false;
        }
        os << "\n";
        if (!l["columns"].empty()) {
            std::size_t w = 0;
            for (const auto& col : l["columns"]) w = std::max(w, io::encoding::display_width(col["name"].get<std::string>()));
            os << "  列 columns     " << l["columns"].size() << " (" << l["unmapped_columns"].size() << " 未映射 unmapped)\n";
            for (const auto& col : l["columns"]) {
                const std::string name = col["name"].get<std::string>();
                std::string keys;
                for (const auto& k : col["fields"]) keys += (keys.empty() ? "" : ", ") + k.get<std::string>();
                std::string sample;
                for (const auto& v : col["samples"]) sample += (sample.empty() ? "" : ", ") + ("\"" + v.get<std::string>() + "\"");
                os << "    " << name << std::string(w - io::encoding::display_width(name) + 2, ' ')
                   << (keys.empty() ? std::string("(未映射 unmapped)") : "→ " + keys) << "  " << (sample.empty() ? std::string("(空 empty)") : sample)
                   << "\n";
            }
        }
        if (!l["unmapped_columns"].empty()) {
            os << "  未映射 unmapped";
            bool f4 = true;
            for (const auto& c : l["unmapped_columns"]) { os << (f4 ? " " : ", ") << c.get<std::string>(); f4 = false; }
            os << "  (映射方法 to map one: tenglong init, or fields = { key = \"COLUMN\" } in the project file)\n";
        }
        if (l.contains("multipart_fids") && !l["multipart_fids"].empty()) {
            os << "  多部件 multipart " << l["multipart_fids"].size() << " features\n";
        }
        if (l.contains("hole_fids") && !l["hole_fids"].empty()) {
            os << "  含洞 with holes  " << l["hole_fids"].size() << " features\n";
        }
        if (l.contains("date_forms")) {
            for (const auto& [field, forms] : l["date_forms"].items()) {
                os << "  日期 dates " << field << ":";
                bool f3 = true;
                for (const auto& [form, n] : forms.items()) { os << (f3 ? " " : ", ") << form << " " << n; f3 = false; }
                os << "\n";
            }
        }
        if (l["problems"].empty()) {
            os << "  问题 problems  none\n";
        } else {
            os << "  问题 problems\n";
            for (const auto& [kind, p] : l["problems"].items()) {
                os << "    " << kind << " " << p["count"];
                if (p.contains("reasons")) {
                    os << " (";
                    bool f2 = true;
                    for (const auto& [r, n] : p["reasons"].items()) { os << (f2 ? "" : ", ") << r << " " << n; f2 = false; }
                    os << ")";
                }
                os << "\n";
            }
        }
    }
    os << "\n问题合计 issues: " << j["issues_total"] << " (run `tenglong analyze` to get them all in issues.csv)\n";
}

int run_inspect(const InspectOptions& opt) {
    io::Project project = opt.in.load();
    geom::GeosContext ctx;
    IssueLog issues;
    Progress progress{opt.in.verbosity, 2};   // read, check (cli/progress.hpp)
    progress.begin("read");
    analysis::LoadOptions lo;
    lo.inspect_only = true;
    lo.threads = static_cast<unsigned>(opt.in.threads);
    analysis::Inputs in = analysis::load_inputs(ctx, project, lo, issues);
    progress.end();
    progress.begin("check");
    // The same gap issues analyze writes (one engine, the profile's tolerances).
    if (const auto* parcels = in.layer("parcels")) {
        const rules::Profile profile = rules::load_profile(project.profile.empty() ? "national" : project.profile);
        analysis::report_parcel_gaps(ctx, *parcels, profile.number("adjacency.snap_m"), profile.number("adjacency.min_shared_m"),
                                     static_cast<unsigned>(opt.in.threads), issues);
    }
    const auto j = inspect_json(ctx, in, issues);
    progress.finish();
    if (opt.json) std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    else print_text(j, std::cout);
    return 0;
}

} // namespace

Action setup_inspect(CLI::App& sub) {
    auto opt = std::make_shared<InspectOptions>();
    opt->in.add_to(sub, false);
    sub.add_flag("--json", opt->json, tr("在 stdout 输出机读 JSON", "Machine-readable JSON on stdout"));
    return [opt] { return run_inspect(*opt); };
}

} // namespace tl::cli
