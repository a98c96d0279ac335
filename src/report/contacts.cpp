#include "report/contacts.hpp"

#include <string>
#include <unordered_map>

namespace tl::report {

namespace {

struct Contact {
    std::string owner, firm, credit_code;
}; // struct Contact

} // namespace

void add_contacts(Table& t, const Table& parcels) {
    const bool host = t.name == "scattered";   // the host parcel's holder would take the scrap in
    const int key = column_index(t, host ? "host_id" : "parcel_id");
    if (key < 0) return;
    const int p_id = column_index(parcels, "parcel_id"), p_owner = column_index(parcels, "owner");
    const int p_firm = column_index(parcels, "enterprises"), p_code = column_index(parcels, "enterprise_ids");
    std::unordered_map<std::string, Contact> by_id;
    for (const auto& row : parcels.rows) {
        const std::string id = cell_text(parcels, row, p_id);
        if (!id.empty()) by_id.emplace(id, Contact{cell_text(parcels, row, p_owner), cell_text(parcels, row, p_firm), cell_text(parcels, row, p_code)});
    }
    std::vector<std::string> keys;   // each row's parcel, read before the columns move
    keys.reserve(t.rows.size());
    for (const auto& row : t.rows) keys.push_back(cell_text(t, row, key));
    const bool has_owner = column_index(t, "owner") >= 0;
    const int town = column_index(t, "township");
    std::size_t at = static_cast<std::size_t>(town >= 0 ? town + 1 : 1);
    if (at > t.columns.size()) at = t.columns.size();
    std::vector<Column> added;
    if (!has_owner)
        added.push_back(host ? Column{"host_owner", "宿主权利人", "host's holder"}
                             : Column{"owner", t.name == "idle" ? "权利人(受让人)" : "权利人", "holder"});
    added.push_back(host ? Column{"host_firm", "宿主企业", "host's firm"} : Column{"firm", "企业名称", "firm"});
    added.push_back(host ? Column{"host_credit_code", "宿主统一社会信用代码", "host's credit code"}
                         : Column{"credit_code", "统一社会信用代码", "credit code"});
    t.columns.insert(t.columns.begin() + static_cast<std::ptrdiff_t>(at), added.begin(), added.end());
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        auto& row = t.rows[r];
        const auto it = by_id.find(keys[r]);
        std::vector<Cell> cells;
        auto cell = [](const std::string& s) { return s.empty() ? Cell{} : Cell{s}; };
        if (!has_owner) cells.push_back(it == by_id.end() ? Cell{} : cell(it->second.owner));
        cells.push_back(it == by_id.end() ? Cell{} : cell(it->second.firm));
        cells.push_back(it == by_id.end() ? Cell{} : cell(it->second.credit_code));
        const std::size_t pos = std::min(at, row.size());
        row.insert(row.begin() + static_cast<std::ptrdiff_t>(pos), cells.begin(), cells.end());
    }
}

} // namespace tl::report
