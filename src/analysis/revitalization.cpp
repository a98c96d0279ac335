// 盘活台账 and the county's 规上 亩均 totals; semantics in revitalization.hpp.
#include "analysis/revitalization.hpp"

#include <fmt/format.h>

#include "core/errors.hpp"
#include "core/number.hpp"
#include "core/units.hpp"
#include "io/guess.hpp"
#include "io/reader.hpp"
#include "io/schema.hpp"
#include "io/table_rows.hpp"

namespace tl::analysis {

namespace fs = std::filesystem;

namespace {

std::string trimmed(std::string s) {
    auto blank = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && blank(static_cast<unsigned char>(s.back()))) s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && blank(static_cast<unsigned char>(s[i]))) ++i;
    s.erase(0, i);
    while (s.rfind("\xE3\x80\x80", 0) == 0) s.erase(0, 3);
    while (s.size() >= 3 && s.compare(s.size() - 3, 3, "\xE3\x80\x80") == 0) s.erase(s.size() - 3);
    return s;
}

std::optional<double> number_of(const std::string& text) {
    std::string t;
    for (char c : text)
        if (c != ',' && c != ' ') t += c;
    if (t.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const double v = std::stod(t, &used);
        if (used != t.size()) return std::nullopt;
        return v;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace

RevitalizationLedger parse_revitalization(const std::string& file, const std::vector<RawRevitalization>& rows, bool area_unit_stated,
                                          const std::string& area_column) {
    RevitalizationLedger out;
    out.file = file;
    if (!area_unit_stated)
        throw ConfigError(file, fmt::format("盘活台账的面积列「{}」没有写单位 (亩与平方米相差 667 倍, 不能猜); 请把表头写成 "
                                            "「盘活面积(亩)」或「盘活面积(平方米)」, 或在表头上方加一行「单位：亩」 "
                                            "(the 盘活台账's area column states no unit: write 盘活面积(亩) or 盘活面积(平方米))",
                                            area_column));
    const io::LayerDef& def = io::revitalization_table_def();
    auto label = [&](const std::string& key) {
        const io::FieldDef* f = io::find_field_def(def, key);
        return f ? f->label_zh + " (" + key + ")" : key;
    };
    std::vector<std::string> bad;
    for (const auto& raw : rows) {
        auto cell = [&](const std::string& key) {
            const auto it = raw.cells.find(key);
            return it == raw.cells.end() ? std::string() : trimmed(it->second);
        };
        auto complain = [&](const std::string& key, const std::string& what, const std::string& fix) {
            bad.push_back(fmt::format("第 {} 行 row {}, 列 {}: {}; {}", raw.row, raw.row, label(key), what, fix));
        };
        bool empty = true;
        for (const auto& [k, v] : raw.cells) empty = empty && trimmed(v).empty();
        if (empty) continue;
        RevitalizationRow r;
        r.row = raw.row;
        r.id = cell("id");
        if (r.id.empty()) complain("id", "编号为空", "请填宗地代码或批次编号");
        const std::string d = cell("done_on");
        if (const auto date = parse_date(d)) r.done_on = *date;
        else complain("done_on", d.empty() ? "完成日期为空" : "「" + d + "」不是日期", "请写成 2023-06-30 这样的日期");
        const std::string a = cell("area_m2");
        const auto area = number_of(a);
        if (!area) complain("area_m2", a.empty() ? "面积为空" : "「" + a + "」不是数字", "请填盘活面积 (按表头所写单位)");
        else if (!(*area > 0)) complain("area_m2", "面积不大于 0", "请填大于 0 的盘活面积");
        else r.area_m2 = *area;
        r.method = cell("method");
        r.township = cell("township");
        out.rows.push_back(std::move(r));
    }
    io::stop_on_bad_cells(file, "盘活台账", "the 盘活台账", bad);
    return out;
}

std::optional<fs::path> find_revitalization_file(const fs::path& base_dir, const std::string& configured) {
    return io::find_table_beside(base_dir, configured, {"盘活台账.csv", "盘活台账.xlsx", "revitalization.csv", "revitalization.xlsx"});
}

RevitalizationLedger read_revitalization(const fs::path& file, IssueLog& issues) {
    io::LayerSpec spec;
    spec.name = "revitalization";
    spec.source = file.string();
    const io::RawLayer raw = io::read_layer(io::revitalization_table_def(), spec, issues);
    const int k = raw.key_index("area_m2");
    const std::string column = k >= 0 ? raw.columns[static_cast<std::size_t>(k)] : std::string("area");
    // Stated: converted (亩 → m², from the header or a unit line), or a header naming m² itself.
    const io::UnitDef* header = column.empty() ? nullptr : io::guess::header_unit(column);
    const bool stated = raw.unit_conversions.count("area_m2") > 0 || (header && header->quantity == "area");
    std::vector<RawRevitalization> rows;
    for (const auto& f : raw.features) {
        RawRevitalization r;
        r.row = raw.driver == "CSV" ? f.fid + 1 : f.fid;   // as cases/decisions.cpp: the line the planner sees
        for (std::size_t i = 0; i < raw.keys.size(); ++i)
            if (!raw.keys[i].empty() && f.values[i]) r.cells[raw.keys[i]] = *f.values[i];
        rows.push_back(std::move(r));
    }
    return parse_revitalization(file.string(), rows, stated, column);
}

double RevitalizedArea::between_m2(const Date& from, const Date& to, const std::string* township) const {
    double s = 0;
    for (const auto& r : rows)
        if (r.done_on >= from && r.done_on <= to && (!township || r.township == *township)) s += r.area_m2;
    return s;
}

RevitalizedArea sum_revitalized(const RevitalizationLedger& ledger, const Date& as_of, IssueLog& issues) {
    RevitalizedArea out;
    out.file = ledger.file;
    for (const auto& r : ledger.rows) {
        if (r.done_on > as_of) {
            ++out.rows_after_as_of;
            Issue is;
            is.layer = "revitalization";
            is.fid = r.row;
            is.feature_id = r.id;
            is.kind = "after_as_of";
            is.field = "done_on";
            is.detail = fmt::format("{}: 第 {} 行完成日期 {} 晚于基准日 {}, 不计入盘活面积", fs::path(ledger.file).filename().string(), r.row,
                                    r.done_on.iso(), as_of.iso());
            is.action = IssueAction::note;
            issues.add(std::move(is));
            continue;
        }
        ++out.rows_counted;
        out.total_m2 += r.area_m2;
        out.by_year_m2[r.done_on.year] += r.area_m2;
        out.by_township_m2[r.township] += r.area_m2;
        out.by_township_year_m2[{r.township, r.done_on.year}] += r.area_m2;
        out.by_method_m2[r.method] += r.area_m2;
        out.rows.push_back(r);
    }
    return out;
}

AboveScaleTotals above_scale_totals(const MujunResult& m) {
    AboveScaleTotals t;
    t.year = m.year;
    for (const auto& u : m.units) {
        if (!u.in_scope || !u.above_scale.value_or(false) || !u.land_m2 || *u.land_m2 <= 0) continue;
        const double mu = m2_to_mu(*u.land_m2);
        if (const auto tax = u.sum(SumField::tax)) {
            ++t.firms_tax;
            t.tax_10k += *tax;
            t.tax_land_mu += mu;
        }
        if (const auto va = u.sum(SumField::value_added)) {
            ++t.firms_va;
            t.va_10k += *va;
            t.va_land_mu += mu;
        }
    }
    return t;
}

} // namespace tl::analysis
