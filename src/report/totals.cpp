#include "report/totals.hpp"

#include <cmath>
#include <cstdlib>
#include <set>
#include <unordered_map>

#include "analysis/township.hpp"

namespace tl::report {

namespace {

std::int64_t cents(const std::string& text) {
    if (text.empty()) return 0;
    return std::llround(std::strtod(text.c_str(), nullptr) * 100.0);
}

struct Counting {
    const char* key = nullptr;       // entry identity column; nullptr: each row is an entry
    const char* area_mu = "area_mu";
    const char* area_m2 = "area_m2";
    const char* only_column = nullptr;   // count only rows whose cell here is `only_value`
    const char* only_value = nullptr;
}; // struct Counting

Counting counting_of(const std::string& category) {
    if (category == "unsupplied") return {"fid"};
    if (category == "idle") return {"fid"};
    if (category == "inefficient") return {"source_fid"};
    if (category == "scattered") return {"leftover_id"};
    if (category == "control_line") return {nullptr, "area_mu", "area_m2", "status", "outside"};
    if (category == "standard_land") return {"supply_id", "area_mu", "area_m2", "outcome", "fail"};   // a supply with an indicator 不达标
    return {};
}

} // namespace

ShortlistTotals shortlist_totals(const Table& t) {
    const Counting how = counting_of(t.name);
    const int key = how.key ? column_index(t, how.key) : -1;
    const int mu = column_index(t, how.area_mu), m2 = column_index(t, how.area_m2);
    const int town = column_index(t, "township");
    const int only = how.only_column ? column_index(t, how.only_column) : -1;
    ShortlistTotals out;
    std::set<std::string> seen;
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        if (only >= 0) {
            const auto* s = std::get_if<std::string>(&row[static_cast<std::size_t>(only)]);
            if (!s || *s != how.only_value) continue;
        }
        const std::string k = key >= 0 ? cell_text(t, row, key) : std::to_string(r);
        if (!seen.insert(k).second) continue;
        AreaCount add;
        add.count = 1;
        add.area_mu_cents = cents(cell_text(t, row, mu));
        add.area_m2_cents = cents(cell_text(t, row, m2));
        for (AreaCount* a : {&out.all, &out.by_township[cell_text(t, row, town)]}) {
            a->count += add.count;
            a->area_mu_cents += add.area_mu_cents;
            a->area_m2_cents += add.area_m2_cents;
        }
    }
    return out;
}

void mark_outside_townships(Table& t, Lang lang) {
    const int town = column_index(t, "township");
    if (town < 0) return;
    const std::string outside = lang == Lang::zh ? kOutsideTownships : kOutsideTownshipsEn;
    for (auto& row : t.rows) {
        if (static_cast<std::size_t>(town) >= row.size()) continue;
        Cell& c = row[static_cast<std::size_t>(town)];
        const auto* s = std::get_if<std::string>(&c);
        if (std::holds_alternative<std::monostate>(c) || (s && s->empty())) c = outside;
    }
}

void assign_townships(geom::GeosContext& c, Table& t, const analysis::TownshipLookup& townships, Lang lang) {
    if (townships.empty() || t.geoms.empty()) return;
    int town = column_index(t, "township");
    if (town < 0) {
        const std::size_t at = t.columns.empty() ? 0 : 1;
        t.columns.insert(t.columns.begin() + static_cast<std::ptrdiff_t>(at), Column{"township", "镇街", "township"});
        for (auto& row : t.rows) row.insert(row.begin() + static_cast<std::ptrdiff_t>(std::min(at, row.size())), Cell{});
        town = static_cast<int>(at);
    }
    const std::string outside = lang == Lang::zh ? kOutsideTownships : kOutsideTownshipsEn;
    std::unordered_map<const GEOSGeometry*, std::string> known;   // a parcel failing three rules: one lookup
    for (std::size_t r = 0; r < t.rows.size() && r < t.geoms.size(); ++r) {
        const GEOSGeometry* g = t.geoms[r];
        if (!g) continue;
        auto it = known.find(g);
        if (it == known.end()) {
            std::string name = townships.name_of(c, g);
            it = known.emplace(g, name.empty() ? outside : name).first;
        }
        t.rows[r][static_cast<std::size_t>(town)] = it->second;
    }
}

const Table* totals_table(const std::vector<const Table*>& tables, const std::string& category) {
    const Table* first = nullptr;
    for (const Table* t : tables) {
        if (!t || t->name != category) continue;
        if (t->geoms.empty()) return t;
        if (!first) first = t;
    }
    return first;
}

void apply_totals(nlohmann::ordered_json& categories, const std::vector<const Table*>& tables) {
    if (!categories.is_object()) return;
    for (auto it = categories.begin(); it != categories.end(); ++it) {
        auto& cat = it.value();
        if (!cat.is_object() || (cat.contains("ran") && cat["ran"] == false)) continue;
        const Table* t = totals_table(tables, it.key());
        if (!t) continue;
        const ShortlistTotals tot = shortlist_totals(*t);
        if (it.key() == "scattered" && cat.contains("count")) cat["pairs"] = t->rows.size();
        cat["count"] = tot.all.count;
        cat["area_m2"] = tot.all.area_m2();
        cat["area_mu"] = tot.all.area_mu();
    }
}

} // namespace tl::report
