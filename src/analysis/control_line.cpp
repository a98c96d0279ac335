// Industrial land against the 工业用地控制线 and the 占补 ledger; semantics in control_line.hpp (R16).
#include "analysis/control_line.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>

#include <fmt/format.h>
#include <ogrsf_frmts.h>

#include "analysis/scattered.hpp"
#include "core/errors.hpp"
#include "geom/parallel.hpp"
#include "index/feature_index.hpp"
#include "io/gdal.hpp"

namespace tl::analysis {

namespace {

std::string fold(std::string s) {
    std::string out;
    for (char ch : s)
        if (!std::isspace(static_cast<unsigned char>(ch))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

// Column names accepted for each key (compared without spaces, case-insensitively).
const std::vector<std::pair<std::string, std::vector<std::string>>>& column_names() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> v{
        {"id", {"id", "编号", "序号"}},
        {"parcel_id", {"parcel_id", "宗地代码", "宗地编号", "zddm"}},
        {"converted_area_m2", {"converted_area_m2", "转用面积", "改变用途面积"}},
        {"converted_on", {"converted_on", "转用日期", "改变用途日期", "批准日期"}},
        {"compensation_area_m2", {"compensation_area_m2", "补充面积", "补划面积"}},
        {"compensation_approved_on", {"compensation_approved_on", "补充批准日期", "补划批准日期"}},
        {"compensation_parcel_id", {"compensation_parcel_id", "补充宗地代码", "补划宗地代码"}},
        {"change_type", {"change_type", "变更类型", "转用类型", "改变类型"}},
    };
    return v;
}

} // namespace

std::vector<Conversion> read_conversions(const std::filesystem::path& file, IssueLog& issues) {
    io::gdal::ensure_registered();
    io::gdal::CplErrorCapture capture;
    GDALDatasetUniquePtr ds = io::gdal::open_vector(file.string(), {}, file.string());
    OGRLayer* layer = ds->GetLayer(0);
    if (!layer) throw IoError(file.string(), "no table in the file");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    std::map<std::string, int> col;
    for (int k = 0; k < defn->GetFieldCount(); ++k) {
        const std::string name = fold(defn->GetFieldDefn(k)->GetNameRef());
        for (const auto& [key, names] : column_names())
            for (const auto& n : names)
                if (fold(n) == name && !col.count(key)) col[key] = k;
    }
    for (const char* required : {"parcel_id", "converted_area_m2", "compensation_area_m2"})
        if (!col.count(required))
            throw ConfigError(file.string(), fmt::format("conversions table has no column {} (accepted headers: see control_line.hpp)", required));

    std::vector<Conversion> out;
    std::int64_t row = 0;
    for (auto& f : *layer) {
        ++row;
        auto text = [&](const char* key) -> std::string {
            auto it = col.find(key);
            if (it == col.end() || !f->IsFieldSetAndNotNull(it->second)) return {};
            std::string s = f->GetFieldAsString(it->second);
            while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
            return s;
        };
        auto issue = [&](const char* key, const std::string& kind, const std::string& detail) {
            Issue is;
            is.layer = "conversions";
            is.fid = row;
            is.feature_id = text("id");
            is.kind = kind;
            is.field = key;
            is.detail = detail;
            is.action = IssueAction::kept;
            issues.add(std::move(is));
        };
        auto number = [&](const char* key) -> std::optional<double> {
            const std::string t = text(key);
            bool bad = false;
            auto v = geom::parse_number(t, &bad);
            if (bad) issue(key, "bad_value", fmt::format("{} = '{}' is not a number of m²", key, t));
            if (v && *v < 0) {
                issue(key, "bad_value", fmt::format("{} = {} is negative", key, *v));
                v.reset();
            }
            return v;
        };
        auto date = [&](const char* key) -> std::optional<Date> {
            const std::string t = text(key);
            if (t.empty()) return std::nullopt;
            auto d = parse_date(t);
            if (!d) issue(key, "bad_date", fmt::format("{} = '{}' is not a date", key, t));
            return d;
        };
        Conversion c;
        c.id = text("id");
        if (c.id.empty()) c.id = std::to_string(row);
        c.parcel_id = text("parcel_id");
        c.converted_area_m2 = number("converted_area_m2");
        c.converted_on = date("converted_on");
        c.compensation_area_m2 = number("compensation_area_m2");
        c.compensation_approved_on = date("compensation_approved_on");
        c.compensation_parcel_id = text("compensation_parcel_id");
        c.change_type = text("change_type");
        out.push_back(std::move(c));
    }
    return out;
}

ControlLineResult measure_control_line(geom::GeosContext& c, const geom::Layer& parcels, const geom::Layer* control_lines,
                                       const std::vector<Conversion>& conversions, const ControlLineParams& params,
                                       IssueLog& issues) {
    ControlLineResult r;
    std::vector<const GEOSGeometry*> lines;
    if (control_lines)
        for (const auto& f : control_lines->features)
            if (f.geom) lines.push_back(f.geom.get());
    r.has_lines = !lines.empty();

    // Area of parcel i inside the union of the lines; the union is built once and split into its
    // disjoint parts, each tested on its own: a prepared polygon's intersects/contains also
    // checks one point of every ring of the zone against the parcel (GEOS
    // PreparedPolygonPredicate::isAnyTargetComponentInAreaTest), and a province's union has
    // 6 000 rings, so that the stage grew with parcels × rings (53x the county's time for 10x
    // the parcels). A parcel is tested against the parts its envelope meets; it lies inside
    // the union if and only if it lies inside one of them, and its area inside is the sum over
    // the parts it meets (they do not overlap).
    geom::GeomPtr zone;
    std::vector<const GEOSGeometry*> parts;
    std::optional<index::FeatureIndex> part_index;
    if (r.has_lines) {
        zone = geom::union_all(c, lines);
        const int n = GEOSGetNumGeometries_r(c.get(), zone.get());
        std::vector<geom::Envelope> envs;
        for (int k = 0; k < n; ++k) {
            parts.push_back(GEOSGetGeometryN_r(c.get(), zone.get(), k));
            envs.push_back(geom::envelope(c, parts.back()));
        }
        part_index.emplace(envs);
    }
    using PreparedParts = std::vector<geom::PreparedPtr>;   // one thread's prepared parts
    auto prepare_parts = [&](geom::GeosContext& wc) {
        PreparedParts out;
        out.reserve(parts.size());
        for (const GEOSGeometry* g : parts) out.push_back(geom::prepare(wc, g));
        return out;
    };
    struct Inside { double m2 = 0; std::optional<std::string> error; };
    auto compute_inside = [&](geom::GeosContext& wc, const PreparedParts& prepared, std::size_t i) {
        Inside out;
        const auto& f = parcels.features[i];
        std::vector<std::uint32_t> met;
        for (std::uint32_t k : part_index->query(f.env)) {
            if (!geom::prepared_intersects(wc, prepared[k].get(), f.geom.get())) continue;
            if (geom::prepared_contains(wc, prepared[k].get(), f.geom.get())) {
                out.m2 = f.area_m2;
                return out;
            }
            met.push_back(k);
        }
        try {
            for (std::uint32_t k : met) out.m2 += geom::area(wc, geom::intersection(wc, f.geom.get(), parts[k]).get());
        } catch (const GeosError& e) {
            out.m2 = 0;
            out.error = std::string("parcel ∩ control lines: ") + e.what();
        }
        return out;
    };
    // The industrial parcels' shares on --threads workers (each with its own prepared parts:
    // GEOS builds a prepared geometry's indexes lazily, so one cannot be shared), used below
    // in parcel order; the ledger's other parcels are measured when asked for.
    std::vector<std::optional<Inside>> precomputed(parcels.features.size());
    auto is_industrial_parcel = [&](std::size_t i) {
        if (!parcels.features[i].geom) return false;
        auto lu = parcels.text(i, "land_use");
        return lu && is_industrial_code(*lu, params.industrial_prefixes);
    };
    std::optional<PreparedParts> prepared;   // the caller's thread's, for the ledger's other parcels
    if (r.has_lines) {
        geom::warm_envelopes(c, zone.get());
        for (const auto& f : parcels.features) geom::warm_envelopes(c, f.geom.get());
        geom::parallel_for_with_state(c, parcels.features.size(), params.threads, prepare_parts,
                                      [&](geom::GeosContext& wc, const PreparedParts& mine, std::size_t i) {
                                          if (is_industrial_parcel(i)) precomputed[i] = compute_inside(wc, mine, i);
                                      });
    }
    std::map<std::size_t, double> inside_cache;
    auto inside_of = [&](std::size_t i) -> double {
        if (!r.has_lines) return 0.0;
        if (auto it = inside_cache.find(i); it != inside_cache.end()) return it->second;
        if (!precomputed[i] && !prepared) prepared = prepare_parts(c);
        const Inside in = precomputed[i] ? *precomputed[i] : compute_inside(c, *prepared, i);
        if (in.error) {
            const auto& f = parcels.features[i];
            Issue is;
            is.layer = parcels.name;
            is.fid = f.fid;
            is.feature_id = f.id;
            is.kind = "overlay_failed";
            is.detail = *in.error;
            is.action = IssueAction::dropped;
            issues.add(std::move(is));
        }
        inside_cache[i] = in.m2;
        return in.m2;
    };

    if (r.has_lines) {
        for (std::size_t i = 0; i < parcels.features.size(); ++i) {
            const auto& f = parcels.features[i];
            if (!f.geom) continue;
            auto lu = parcels.text(i, "land_use");
            if (!lu || !is_industrial_code(*lu, params.industrial_prefixes)) continue;
            ParcelLine pl;
            pl.parcel = i;
            pl.id = f.id;
            pl.area_m2 = f.area_m2;
            pl.inside_m2 = std::min(inside_of(i), f.area_m2);
            pl.inside_share = f.area_m2 > 0 ? pl.inside_m2 / f.area_m2 : 0.0;
            r.parcels.push_back(pl);
        }
    }

    // ---- ledger -----------------------------------------------------------------------------
    std::map<std::string, std::vector<std::size_t>> by_id;
    for (std::size_t i = 0; i < parcels.features.size(); ++i) by_id[parcels.features[i].id].push_back(i);
    for (const auto& conv : conversions) {
        LedgerRow row;
        row.conversion = conv;
        auto it = by_id.find(conv.parcel_id);
        if (it != by_id.end() && it->second.size() == 1 && parcels.features[it->second[0]].geom) {
            row.parcel = it->second[0];
            const auto& f = parcels.features[*row.parcel];
            row.inside_share = r.has_lines && f.area_m2 > 0 ? std::min(1.0, inside_of(*row.parcel) / f.area_m2) : 1.0;
        } else {
            Issue is;
            is.layer = "conversions";
            is.feature_id = conv.id;
            is.kind = "conversion_parcel_unknown";
            is.field = "parcel_id";
            is.detail = fmt::format("parcel {} is {} in the parcels layer: its whole converted area is taken as inside the line",
                                    conv.parcel_id.empty() ? "(empty)" : conv.parcel_id,
                                    it == by_id.end() ? "not found" : "not unique");
            is.action = IssueAction::note;
            issues.add(std::move(is));
        }
        row.converted_inside_m2 = conv.converted_area_m2.value_or(0) * row.inside_share;
        row.compensation_inside_m2 = conv.compensation_area_m2.value_or(0);
        if (!conv.compensation_parcel_id.empty()) {
            auto ct = by_id.find(conv.compensation_parcel_id);
            if (ct != by_id.end() && ct->second.size() == 1 && parcels.features[ct->second[0]].geom && r.has_lines)
                row.compensation_inside_m2 = std::min(row.compensation_inside_m2, inside_of(ct->second[0]));
        }
        r.total_converted_inside_m2 += row.converted_inside_m2;
        r.total_compensation_inside_m2 += row.compensation_inside_m2;
        r.ledger.push_back(std::move(row));
    }
    std::stable_sort(r.ledger.begin(), r.ledger.end(), [](const LedgerRow& a, const LedgerRow& b) {
        const auto ka = a.conversion.converted_on ? a.conversion.converted_on->days_since_epoch() : INT64_MAX;
        const auto kb = b.conversion.converted_on ? b.conversion.converted_on->days_since_epoch() : INT64_MAX;
        return std::tie(ka, a.conversion.id) < std::tie(kb, b.conversion.id);
    });
    return r;
}

} // namespace tl::analysis
