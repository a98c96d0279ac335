#include "report/health.hpp"

#include <fstream>

#include "core/errors.hpp"
#include "io/gdal.hpp"
#include "report/labels.hpp"
#include "core/sha256.hpp"

namespace tl::report {

Table issues_table(geom::GeosContext& c, const std::vector<Issue>& issues, std::vector<geom::GeomPtr>& point_storage) {
    Table t;
    t.name = "issues";
    t.columns = {
        {"layer", "图层", "layer", ColumnKind::text, 2, kDomainLayer},
        {"fid", "要素FID", "fid", ColumnKind::integer},
        {"feature_id", "要素编号", "feature_id", ColumnKind::text},
        {"kind", "问题类型", "kind", ColumnKind::text, 2, kDomainIssueKind},
        {"field", "字段", "field", ColumnKind::text, 2, kDomainField},
        {"detail", "说明", "detail", ColumnKind::text},
        {"action", "处理", "action", ColumnKind::text, 2, kDomainIssueAction},
        {"x", "X坐标", "x", ColumnKind::real, 3},
        {"y", "Y坐标", "y", ColumnKind::real, 3},
    };
    point_storage.clear();
    point_storage.reserve(issues.size());
    for (const auto& i : issues) {
        const GEOSGeometry* g = nullptr;
        if (i.x && i.y) {
            point_storage.push_back(geom::own(c, GEOSGeom_createPointFromXY_r(c.get(), *i.x, *i.y), "point"));
            g = point_storage.back().get();
        }
        t.add_row({i.layer, i.fid >= 0 ? Cell{static_cast<std::int64_t>(i.fid)} : Cell{}, i.feature_id, i.kind, i.field,
                   i.detail, std::string(to_string(i.action)), i.x ? Cell{*i.x} : Cell{}, i.y ? Cell{*i.y} : Cell{}},
                  g);
    }
    if (t.geoms.size() < t.rows.size()) t.geoms.resize(t.rows.size(), nullptr);
    return t;
}

nlohmann::ordered_json layer_counts_json(const analysis::Inputs& in) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& name : in.order) {
        const auto& counts = in.layers.at(name).layer.counts;
        if (!counts.reconciles()) {
            throw Error("internal accounting error in layer " + name + ": read " + std::to_string(counts.read) +
                        " != used " + std::to_string(counts.used) + " + rejected " + std::to_string(counts.rejected));
        }
        j[name] = {{"features_read", counts.read},
                   {"features_used", counts.used},
                   {"features_rejected", counts.rejected},
                   {"features_repaired", counts.repaired}};
    }
    return j;
}

nlohmann::ordered_json inputs_provenance_json(const analysis::Inputs& in) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& name : in.order) {
        const auto& li = in.layers.at(name);
        nlohmann::ordered_json files = nlohmann::ordered_json::array();
        for (const auto& f : li.files) {
            std::error_code ec;
            const auto size = std::filesystem::file_size(f, ec);
            files.push_back({{"path", f}, {"size_bytes", ec ? 0 : size}, {"sha256", sha256_file(f)}});
        }
        nlohmann::ordered_json crs = nullptr;
        if (!li.meta.is_table) {
            crs = {{"epsg", li.crs.epsg ? nlohmann::ordered_json(*li.crs.epsg) : nlohmann::ordered_json(nullptr)},
                   {"name", li.crs.name},
                   {"decided_by", li.crs.decided_by}};
        }
        j[name] = {{"source", io::gdal::display_source(li.meta.spec.source)},
                   {"layer", li.meta.source_layer},
                   {"driver", li.meta.driver},
                   {"encoding", li.meta.encoding.encoding},
                   {"encoding_decided_by", li.meta.encoding.decided_by},
                   {"unit_conversions", li.meta.unit_conversions},
                   {"crs", crs},
                   {"files", files}};
    }
    return j;
}

void write_json(const nlohmann::ordered_json& j, const std::filesystem::path& file) {
    std::ofstream out(file, std::ios::binary);
    if (!out) throw IoError(file.string(), "cannot create file");
    out << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    out.flush();
    if (!out) throw IoError(file.string(), "write failed (disk full?)");
}

} // namespace tl::report
