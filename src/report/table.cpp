#include "report/table.hpp"

namespace tl::report {

void Table::add_row(std::vector<Cell> row, const GEOSGeometry* geom) {
    rows.push_back(std::move(row));
    if (geom || !geoms.empty()) {
        geoms.resize(rows.size() - 1, nullptr);
        geoms.push_back(geom);
    }
}

const std::string& header(const Column& c, Lang lang) { return lang == Lang::zh ? c.zh : c.en; }

} // namespace tl::report
