#include "report/unsupplied_report.hpp"

#include <cmath>
#include <map>
#include <string>

#include <fmt/format.h>

#include "core/units.hpp"

namespace tl::report {

namespace {

using analysis::BatchResult;
using analysis::UnsuppliedResult;

const char* kRule = "R01";

std::string bucket_label(const UnsuppliedResult& r, int bucket, Lang lang) {
    if (bucket < 0) return lang == Lang::zh ? analysis::kAgeUnknownZh : analysis::kAgeUnknownEn;
    const auto& labels = lang == Lang::zh ? r.bucket_labels_zh : r.bucket_labels_en;
    return static_cast<std::size_t>(bucket) < labels.size() ? labels[static_cast<std::size_t>(bucket)] : std::string{};
}

Cell text_or_null(const std::string& s) { return s.empty() ? Cell{} : Cell{s}; }

Cell date_cell(const std::optional<Date>& d) { return d ? Cell{d->iso()} : Cell{}; }

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string value_text(const BatchResult& b, Lang lang) {
    return lang == Lang::zh
               ? fmt::format("未供 {:.2f} m²（{:.2f} 亩），供地率 {:.1f}%", b.unsupplied_area_m2, m2_to_mu(b.unsupplied_area_m2),
                             100.0 * b.supply_rate)
               : fmt::format("unsupplied {:.2f} m² ({:.2f} mu), supply rate {:.1f}%", b.unsupplied_area_m2,
                             m2_to_mu(b.unsupplied_area_m2), 100.0 * b.supply_rate);
}

std::string threshold_text(const analysis::UnsuppliedParams& p, Lang lang) {
    return lang == Lang::zh
               ? fmt::format("未供面积 > 0（剔除面积 < {} m² 或宽度 < {} m 的碎片）", p.sliver_min_area_m2, p.sliver_min_width_m)
               : fmt::format("unsupplied area > 0 (slivers under {} m² or narrower than {} m dropped)", p.sliver_min_area_m2,
                             p.sliver_min_width_m);
}

// Columns shared by the batch rows and the piece features.
std::vector<Column> batch_columns() {
    return {
        {"batch_id", "批次编号", "batch id"},
        {"batch_name", "批次名称", "batch name"},
        {"doc_no", "批准文号", "approval document no."},
        {"batch_kind", "批次类型", "batch type"},
        {"approved_on", "批准日期", "approved on", ColumnKind::date},
        {"age_years", "批后年限(年)", "age (years)", ColumnKind::integer},
        {"age_bucket", "账龄", "age bucket"},
        {"township", "镇街", "township"},
    };
}

std::vector<Cell> batch_cells(const UnsuppliedResult& r, const BatchResult& b, Lang lang) {
    return {
        text_or_null(b.id),
        text_or_null(b.name),
        text_or_null(b.doc_no),
        text_or_null(b.kind),
        date_cell(b.approved_on),
        b.age_years ? Cell{static_cast<std::int64_t>(*b.age_years)} : Cell{},
        Cell{bucket_label(r, b.age_bucket, lang)},
        text_or_null(b.township),
    };
}

void add_area(nlohmann::ordered_json& j, std::int64_t count, double area_m2) {
    j["count"] = count;
    j["area_m2"] = std::round(area_m2 * 100.0) / 100.0;
    j["area_mu"] = std::round(m2_to_mu(area_m2) * 100.0) / 100.0;
}

} // namespace

Table unsupplied_batches_table(const UnsuppliedResult& r, const rules::UnsuppliedVerdicts& v,
                               const analysis::UnsuppliedParams& params, Lang lang, const UnsuppliedTableOptions& options) {
    Table t;
    t.name = "unsupplied";
    t.columns = batch_columns();
    const std::vector<Column> more{
        {"area_m2", "未供面积(m²)", "unsupplied area (m²)", ColumnKind::area_m2},
        {"area_mu", "未供面积(亩)", "unsupplied area (mu)", ColumnKind::area_mu},
        {"supply_rate", "供地率", "supply rate", ColumnKind::ratio},
        {"approved_area_m2", "批准面积(图形,m²)", "approved area (geometric, m²)", ColumnKind::area_m2},
        {"approved_area_mu", "批准面积(图形,亩)", "approved area (geometric, mu)", ColumnKind::area_mu},
        {"registered_area_m2", "批准面积(登记,m²)", "approved area (registered, m²)", ColumnKind::area_m2},
        {"supplied_area_m2", "已供面积(m²)", "supplied area (m²)", ColumnKind::area_m2},
        {"sliver_count", "剔除碎片数", "slivers dropped", ColumnKind::integer},
        {"sliver_area_m2", "剔除碎片面积(m²)", "sliver area dropped (m²)", ColumnKind::area_m2},
        {"piece_count", "未供图斑数", "unsupplied pieces", ColumnKind::integer},
        {"supply_ids", "压盖供地", "overlapping supplies"},
        {"rule", "规则", "rule"},
        {"value", "测算值", "measured value"},
        {"threshold", "阈值", "threshold"},
        {"clause", "依据", "clause"},
        {"fid", "要素号", "feature id (FID)", ColumnKind::integer},
    };
    t.columns.insert(t.columns.end(), more.begin(), more.end());
    const std::string threshold = threshold_text(params, lang);
    const std::string& clause = lang == Lang::zh ? v.clause_zh : v.clause_en;
    for (std::size_t k = 0; k < r.batches.size(); ++k) {
        const auto& b = r.batches[k];
        if (!options.include_fully_supplied && v.batches.at(k).outcome != rules::Outcome::fail) continue;
        auto row = batch_cells(r, b, lang);
        const std::vector<Cell> rest{
            b.unsupplied_area_m2,
            m2_to_mu(b.unsupplied_area_m2),
            b.supply_rate,
            b.approved_area_m2,
            m2_to_mu(b.approved_area_m2),
            b.registered_area_m2 ? Cell{*b.registered_area_m2} : Cell{},
            b.supplied_area_m2,
            static_cast<std::int64_t>(b.sliver_count),
            b.sliver_area_m2,
            static_cast<std::int64_t>(b.pieces.size()),
            text_or_null(join(b.supply_ids, ";")),
            Cell{v.batches.at(k).rule_id},
            Cell{value_text(b, lang)},
            Cell{threshold},
            Cell{clause},
            Cell{static_cast<std::int64_t>(b.fid)},
        };
        row.insert(row.end(), rest.begin(), rest.end());
        t.add_row(std::move(row));
    }
    return t;
}

Table unsupplied_pieces_table(const UnsuppliedResult& r, const rules::UnsuppliedVerdicts& v,
                              const analysis::UnsuppliedParams& params, Lang lang) {
    Table t;
    t.name = "unsupplied";
    t.columns = batch_columns();
    const std::vector<Column> more{
        {"piece", "图斑序号", "piece no.", ColumnKind::integer},
        {"area_m2", "未供面积(m²)", "unsupplied area (m²)", ColumnKind::area_m2},
        {"area_mu", "未供面积(亩)", "unsupplied area (mu)", ColumnKind::area_mu},
        {"supply_rate", "批次供地率", "batch supply rate", ColumnKind::ratio},
        {"batch_unsupplied_area_m2", "批次未供面积(m²)", "batch unsupplied area (m²)", ColumnKind::area_m2},
        {"rule", "规则", "rule"},
        {"threshold", "阈值", "threshold"},
        {"clause", "依据", "clause"},
        {"fid", "批次要素号", "batch feature id (FID)", ColumnKind::integer},
    };
    t.columns.insert(t.columns.end(), more.begin(), more.end());
    const std::string threshold = threshold_text(params, lang);
    for (const auto& p : r.pieces) {
        const auto& b = r.batches.at(p.batch);
        auto row = batch_cells(r, b, lang);
        const std::vector<Cell> rest{
            static_cast<std::int64_t>(p.part),
            p.area_m2,
            m2_to_mu(p.area_m2),
            b.supply_rate,
            b.unsupplied_area_m2,
            Cell{v.batches.at(p.batch).rule_id},
            Cell{threshold},
            Cell{lang == Lang::zh ? v.clause_zh : v.clause_en},
            Cell{static_cast<std::int64_t>(b.fid)},
        };
        row.insert(row.end(), rest.begin(), rest.end());
        t.add_row(std::move(row), p.geom.get());
    }
    return t;
}

nlohmann::ordered_json unsupplied_summary_json(const UnsuppliedResult& r) {
    nlohmann::ordered_json j;
    std::int64_t with_unsupplied = 0;
    double unsupplied = 0, approved = 0, supplied = 0, sliver = 0;
    std::int64_t slivers = 0;
    std::vector<std::pair<std::int64_t, double>> by_bucket(r.bucket_labels_zh.size() + 1, {0, 0.0});  // last = 日期不详
    std::map<std::string, std::pair<std::int64_t, double>> by_township;
    for (const auto& b : r.batches) {
        approved += b.approved_area_m2;
        supplied += b.supplied_area_m2;
        sliver += b.sliver_area_m2;
        slivers += b.sliver_count;
        if (!(b.unsupplied_area_m2 > 0)) continue;
        ++with_unsupplied;
        unsupplied += b.unsupplied_area_m2;
        auto& bb = b.age_bucket < 0 ? by_bucket.back() : by_bucket[static_cast<std::size_t>(b.age_bucket)];
        ++bb.first;
        bb.second += b.unsupplied_area_m2;
        auto& bt = by_township[b.township];
        ++bt.first;
        bt.second += b.unsupplied_area_m2;
    }
    j["rule"] = kRule;
    j["ran"] = r.ran;
    if (!r.ran) j["skipped_reason"] = r.skipped_reason;
    add_area(j, with_unsupplied, unsupplied);
    j["pieces"] = static_cast<std::int64_t>(r.pieces.size());
    j["as_of"] = r.as_of.iso();
    j["supply_source"] = r.supply_source;
    nlohmann::ordered_json batches;
    add_area(batches, static_cast<std::int64_t>(r.batches.size()), approved);
    j["batches_analysed"] = batches;
    nlohmann::ordered_json sup;
    sup["area_m2"] = std::round(supplied * 100.0) / 100.0;
    sup["area_mu"] = std::round(m2_to_mu(supplied) * 100.0) / 100.0;
    j["supplied"] = sup;
    j["supply_rate"] = approved > 0 ? std::round((1.0 - unsupplied / approved) * 10000.0) / 10000.0 : 0.0;
    nlohmann::ordered_json buckets = nlohmann::ordered_json::object();
    for (std::size_t k = 0; k < by_bucket.size(); ++k) {
        const std::string label = k < r.bucket_labels_zh.size() ? r.bucket_labels_zh[k] : analysis::kAgeUnknownZh;
        nlohmann::ordered_json e;
        add_area(e, by_bucket[k].first, by_bucket[k].second);
        buckets[label] = e;
    }
    j["by_age_bucket"] = buckets;
    nlohmann::ordered_json towns = nlohmann::ordered_json::object();
    for (const auto& [name, v] : by_township) {
        nlohmann::ordered_json e;
        add_area(e, v.first, v.second);
        towns[name.empty() ? "(未定)" : name] = e;
    }
    j["by_township"] = towns;
    nlohmann::ordered_json sl;
    sl["count"] = slivers;
    sl["area_m2"] = std::round(sliver * 100.0) / 100.0;
    j["slivers_dropped"] = sl;
    j["batches_failed"] = r.batches_failed;
    j["batches_after_as_of"] = r.batches_after_as_of;
    return j;
}

} // namespace tl::report
