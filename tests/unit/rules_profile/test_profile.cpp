// Profiles: every seed clause's number is what the profile holds, every number is cited, and
// profile errors name file, key and line (rules/profile.hpp).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "core/errors.hpp"
#include "rules/profile.hpp"
#include "support/paths.hpp"

using namespace tl;
using rules::Comparison;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string seeds_dir() { return test::realdata("../seeds"); }

std::string error_of(const std::string& text, const std::string& label = "bad.toml") {
    try {
        rules::parse_profile(text, label, TL_PROFILES_DIR);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

// A valid minimal child profile; `extra` is appended.
std::string child(const std::string& extra) {
    return "[profile]\nid = \"t\"\nextends = \"national\"\nname = \"t\"\njurisdiction = \"t\"\neffective_from = 2020-01-01\n" + extra;
}

struct Expect {
    const char* profile;
    const char* key;
    double value;
    const char* clause;                 // must appear in the cite
    std::optional<Comparison> fail_if;  // the counting rule of the clause wording
};

// Read from the seed texts (shared/seeds) by hand; see the profiles' `quote` for the wording.
const Expect kExpected[] = {
    {"xiangshan", "far.local_floor", 2.0, "象政发〔2022〕10号 四(二)", Comparison::lt},          // 容积率在2.0以上
    {"xiangshan", "mujun.below_scale_min_mu", 3, "象政发〔2022〕10号 三(一)1", Comparison::lt},   // 实际用地3亩以上
    {"xiangshan", "supply_mix.industrial_share_min", 0.35, "象政发〔2022〕10号 四(二)", Comparison::lt},
    {"xiangshan", "targets.above_scale_tax_per_mu_10k", 25, "象政发〔2022〕10号 二", std::nullopt},
    {"xiangshan", "targets.above_scale_va_per_mu_10k", 120, "象政发〔2022〕10号 二", std::nullopt},
    {"xiangshan", "targets.revitalize_low_efficiency_mu", 1000, "象政发〔2022〕10号 二", std::nullopt},
    {"xiangshan", "targets.above_scale_tax_per_mu_10k_2025", 35, "象政发〔2022〕10号 二", std::nullopt},
    {"xiangshan", "targets.revitalize_low_efficiency_mu_2025", 3000, "象政发〔2022〕10号 二", std::nullopt},
    {"linhai", "rules.tax_low.threshold_10k_per_mu", 5, "临政发〔2022〕22号 附件 二", Comparison::le},  // 5万元(含)以下
    {"linhai", "rules.yiyuan.threshold_10k_per_mu", 10, "临政发〔2022〕22号 附件 二", Comparison::le}, // 10万元(含)以下
    {"linhai", "rules.yiyuan.years", 2, "临政发〔2022〕22号 附件 二", std::nullopt},                    // 连续两年
    {"linhai", "mujun.override_a_investment_10k", 10000, "临政发〔2022〕22号 (八)", Comparison::lt},   // 1亿元以上 → A
    {"linhai", "mujun.override_not_d_investment_10k", 3000, "临政发〔2022〕22号 (八)", Comparison::lt},
    {"linhai", "far.standard_land_density_max", 0.60, "临政发〔2022〕22号 (四)", Comparison::gt},
    {"linhai", "scattered.max_share_of_host", 0.20, "临政发〔2022〕22号 (五)", Comparison::gt},      // 不超过20%
    {"linhai", "scattered.max_area_mu", 10, "临政发〔2022〕22号 (五)", Comparison::gt},             // 不超过10亩
    {"linhai", "scattered.far_uplift_min", 0.20, "临政发〔2022〕22号 (五)", Comparison::lt},        // 提高20%以上
    {"linhai", "scattered.gfa_share_min", 0.20, "临政发〔2022〕22号 (五)", Comparison::lt},
    {"linhai", "far.ancillary_land_share_max_raised", 0.15, "临政发〔2022〕22号 (十四)", Comparison::gt},
    {"linhai", "far.ancillary_floor_share_max_raised", 0.30, "临政发〔2022〕22号 (十四)", Comparison::gt},
    {"linhai", "supply_mix.industrial_share_min", 0.30, "临政发〔2022〕22号 (十三)", Comparison::lt},
    {"linhai", "targets.above_scale_tax_per_mu_10k", 20.3, "临政发〔2022〕22号 附件 二", std::nullopt},
    {"linhai", "targets.above_scale_va_per_mu_10k", 101.4, "临政发〔2022〕22号 附件 二", std::nullopt},
    {"linhai", "targets.revitalize_low_efficiency_mu", 4500, "临政发〔2022〕22号 附件 二", std::nullopt},
    {"linping", "rules.tax_low.threshold_10k_per_mu", 3, "临平政办〔2022〕92号 三(一)4", Comparison::le},  // 3万元以下 (含)
    {"linping", "mujun.below_scale_min_mu", 3, "临平政办〔2022〕92号 三(一)1", Comparison::lt},           // 3亩(含)以上
    {"linping", "control_line.ratio", 1.2, "临平政办〔2022〕92号 四(二)", Comparison::lt},                // 1:1.2
    {"linping", "supply_mix.industrial_share_min", 0.30, "临平政办〔2022〕92号 四(二)", Comparison::lt},
    {"linping", "targets.above_scale_tax_per_mu_10k", 41, "临平政办〔2022〕92号 二", std::nullopt},
    {"linping", "targets.industrial_land_renewal_mu", 3500, "临平政办〔2022〕92号 二", std::nullopt},
    {"yinzhou", "targets.revitalize_low_efficiency_mu", 5000, "四(四)1", std::nullopt},
    {"yinzhou", "targets.industrial_park_entry_rate", 0.80, "四(四)1", std::nullopt},
    {"yinzhou", "targets.above_scale_tax_per_mu_10k", 49, "四(四)3", std::nullopt},
    {"yinzhou", "targets.above_scale_va_per_mu_10k", 200, "四(四)3", std::nullopt},
    {"yinzhou", "targets.low_efficiency_blocks", 20, "四(四)2", std::nullopt},
    {"zhoushan", "far.local_floor", 1.5, "二(一)1", Comparison::lt},                 // 一般不低于1.5
    {"zhoushan", "far.platform_floor", 2.0, "二(一)1", Comparison::lt},
    {"zhoushan", "standard_land.energy_intensity_max_tce_per_10k", 0.52, "三(五)", Comparison::gt},
    {"zhoushan", "supply_mix.industrial_share_min", 0.30, "三(四)", Comparison::lt},
    {"zhoushan", "targets.above_scale_tax_per_mu_10k", 34, "一(二)", std::nullopt},
    {"zhoushan", "targets.above_scale_va_per_mu_10k", 171, "一(二)", std::nullopt},
    {"zhoushan", "targets.low_efficiency_renewal_mu_per_year", 1000, "二(一)1", std::nullopt},
    // national (2008 控制指标, 53号令) — secondary sources, domain.md §3, §5.1
    {"national", "far.coverage_min", 0.30, "2008", Comparison::lt},
    {"national", "intensity.storey_double_height_m", 8.0, "2008", Comparison::gt},
    {"national", "idle.not_started_years", 1, "53号令", Comparison::ge},
    {"national", "idle.recovery_years", 2, "闲置土地处置办法", Comparison::ge},
    {"national", "idle.fee_rate", 0.20, "闲置土地处置办法", std::nullopt},
    {"national", "idle.invested_share_min", 0.25, "闲置土地处置办法", Comparison::lt},
    {"national", "control_line.ratio", 1.0, "浙政发〔2021〕31号", Comparison::lt},
    {"national", "adjacency.snap_m", 0.2, "城镇地籍调查规程", std::nullopt},
    {"national", "adjacency.min_shared_m", 1.0, "共用界线", Comparison::lt},
    {"national", "scattered.max_area_mu", 10, "(五)", Comparison::gt},
};

// 2008 《工业项目建设用地控制指标》 FAR minima (domain.md §5.1).
const std::pair<const char*, double> kFar2008[] = {
    {"13", 1.0}, {"14", 1.0}, {"15", 1.0}, {"16", 1.0}, {"17", 0.8}, {"18", 1.0}, {"19", 1.0}, {"20", 0.8},
    {"21", 0.8}, {"22", 0.8}, {"23", 0.8}, {"24", 1.0}, {"25", 0.5}, {"26", 0.6}, {"27", 0.7}, {"28", 0.8},
    {"29", 0.8}, {"30", 1.0}, {"31", 0.7}, {"32", 0.6}, {"33", 0.6}, {"34", 0.7}, {"35", 0.7}, {"36", 0.7},
    {"37", 0.7}, {"39", 0.7}, {"40", 1.0}, {"41", 1.0}, {"42", 1.0}, {"43", 0.7},
};

// The forms a number takes in a clause: 2.0 → "2.0"/"2"; 0.35 → "35%"; 10000 (万元) → "1亿"/"1億".
std::vector<std::string> spellings(double v) {
    std::vector<std::string> s{fmt::format("{:g}", v), fmt::format("{:.1f}", v), fmt::format("{:g}%", v * 100),
                               fmt::format("{:g}億", v / 10000), fmt::format("{:g}亿", v / 10000)};
    if (v == 2) { s.push_back("兩年"); s.push_back("两年"); }
    if (v == 10000) { s.push_back("億元"); s.push_back("亿元"); }   // 亿元企业: one 亿 = 10000 万元
    return s;
}

} // namespace

TEST_CASE("every built-in profile loads, national first", "[rules][profile]") {
    auto list = rules::builtin_profiles();
    REQUIRE(list.size() >= 6);
    CHECK(list.front().name == "national");
    for (const char* n : {"national", "xiangshan", "linhai", "linping", "yinzhou", "zhoushan"}) {
        INFO(n);
        auto p = rules::load_profile(n);
        CHECK(p.id == n);
        CHECK_FALSE(p.name.empty());
        CHECK(p.effective_from.has_value());
        CHECK(p.content_hash.size() == 16);
        CHECK(rules::describe(p).find("cite:") != std::string::npos);
    }
}

TEST_CASE("effective dates are those of the documents", "[rules][profile]") {
    auto lh = rules::load_profile("linhai");
    CHECK(lh.effective_from->iso() == "2022-07-16");
    CHECK(lh.effective_to->iso() == "2023-12-31");
    CHECK(lh.in_force(*parse_date("2023-12-31")));
    CHECK_FALSE(lh.in_force(*parse_date("2024-01-01")));
    CHECK(lh.validity_note(*parse_date("2024-06-30")).find("expired") != std::string::npos);
    auto lp = rules::load_profile("linping");
    CHECK(lp.effective_from->iso() == "2022-06-23");
    CHECK(lp.effective_to->iso() == "2023-12-31");
    auto zs = rules::load_profile("zhoushan");
    CHECK(zs.effective_from->iso() == "2023-05-04");
    CHECK(zs.effective_to->iso() == "2027-12-31");
    auto xs = rules::load_profile("xiangshan");
    CHECK(xs.effective_from->iso() == "2022-04-01");
    CHECK(xs.effective_to->iso() == "2025-12-31");
}

TEST_CASE("profile values match the seed clauses (table read from the seeds)", "[rules][profile][seeds]") {
    for (const auto& e : kExpected) {
        INFO(e.profile << " " << e.key);
        auto p = rules::load_profile(e.profile);
        const rules::Param* prm = p.find(e.key);
        REQUIRE(prm != nullptr);
        CHECK(prm->number == Approx(e.value).epsilon(1e-12));
        CHECK(prm->cite.find(e.clause) != std::string::npos);
        CHECK(prm->fail_if == e.fail_if);
    }
    auto nat = rules::load_profile("national");
    for (const auto& [code, v] : kFar2008) {
        INFO("2008 FAR minimum, industry " << code);
        const rules::Param* prm = nat.find(std::string("far.industry_min.") + code);
        REQUIRE(prm != nullptr);
        CHECK(prm->number == v);
        CHECK(prm->fail_if == Comparison::lt);   // 不低于 → below fails
        CHECK(prm->cite.find("2008") != std::string::npos);
    }
    CHECK(nat.children("far.industry_min").size() == std::size(kFar2008));
    // county profiles inherit the 2008 table
    CHECK(rules::load_profile("linhai").number("far.industry_min.34") == 0.7);
}

TEST_CASE("every quoted clause is in the seed text and holds the number", "[rules][profile][seeds]") {
    REQUIRE(std::filesystem::is_directory(seeds_dir()));
    int quotes = 0;
    for (const auto& b : rules::builtin_profiles()) {
        auto p = rules::load_profile(b.name);
        if (p.seed.empty()) continue;
        const std::string seed = slurp(seeds_dir() + "/" + p.seed);
        REQUIRE_FALSE(seed.empty());
        if (!p.effective_quote.empty()) { INFO(b.name); CHECK(seed.find(p.effective_quote) != std::string::npos); }
        for (const auto& [key, prm] : p.params) {
            if (prm.quote.empty() || prm.file.find(b.name + ".toml") == std::string::npos) continue;
            INFO(b.name << " " << key << " quote 「" << prm.quote << "」");
            ++quotes;
            CHECK(seed.find(prm.quote) != std::string::npos);
            bool found = false;
            for (const auto& s : spellings(prm.number)) found = found || prm.quote.find(s) != std::string::npos;
            CHECK(found);
        }
    }
    CHECK(quotes >= 40);
}

TEST_CASE("every number is cited; county numbers cite the county's document", "[rules][profile]") {
    const std::map<std::string, std::string> doc{{"xiangshan", "象政发〔2022〕10号"}, {"linhai", "临政发〔2022〕22号"},
                                                 {"linping", "临平政办〔2022〕92号"}, {"yinzhou", "鄞州"}, {"zhoushan", "舟山"}};
    for (const auto& b : rules::builtin_profiles()) {
        auto p = rules::load_profile(b.name);
        for (const auto& [key, prm] : p.params) {
            if (prm.kind != rules::Param::Kind::number && prm.kind != rules::Param::Kind::number_list) continue;
            INFO(b.name << " " << key);
            CHECK_FALSE(prm.cite.empty());
            auto d = doc.find(b.name);
            if (d != doc.end() && prm.file.find(b.name + ".toml") != std::string::npos) CHECK(prm.cite.find(d->second) != std::string::npos);
        }
    }
}

TEST_CASE("the embedded copies equal the source files", "[rules][profile]") {
    for (const char* n : {"national", "xiangshan", "linhai", "linping", "yinzhou", "zhoushan"}) {
        INFO(n << ": rebuild to refresh the embedded copy");
        auto e = rules::embedded_profile_text(n);
        REQUIRE(e.has_value());
        CHECK(*e == slurp(std::string(TL_PROFILES_DIR) + "/" + n + ".toml"));
    }
}

TEST_CASE("counting rule of the clause wording (《民法典》第1259条)", "[rules][profile]") {
    // Linping “3万元以下”: 3 itself fails; Linhai “5万元(含)以下”: 5 itself fails.
    CHECK(rules::compare(3.0, Comparison::le, 3.0));
    CHECK_FALSE(rules::compare(3.0001, Comparison::le, 3.0));
    // Xiangshan “容积率在2.0以上”: 2.0 itself passes.
    CHECK_FALSE(rules::compare(2.0, Comparison::lt, 2.0));
    CHECK(rules::compare(1.9999, Comparison::lt, 2.0));
    // 8 m: “超过8米” → a FAIL (= doubling) only above 8.
    CHECK_FALSE(rules::compare(8.0, Comparison::gt, 8.0));
}

TEST_CASE("profile errors name file, key and line", "[rules][profile][errors]") {
    CHECK(error_of(child("")) == "(no error)");
    // unknown key
    auto e1 = error_of(child("[far]\nlocal_flor = { value = 1.5, cite = \"x\", fail_if = \"lt\" }\n"));
    CHECK(e1.find("bad.toml") != std::string::npos);
    CHECK(e1.find("far.local_flor") != std::string::npos);
    CHECK(e1.find("line 8") != std::string::npos);
    CHECK(e1.find("unknown key") != std::string::npos);
    // unknown section
    CHECK(error_of(child("[farr]\nx = 1\n")).find("'farr'") != std::string::npos);
    // unknown rule
    CHECK(error_of(child("[rules.nonsense]\nenabled = true\n")).find("known rules") != std::string::npos);
    // a number without citation
    auto e2 = error_of(child("[far]\nlocal_floor = 1.5\n"));
    CHECK(e2.find("far.local_floor") != std::string::npos);
    CHECK(e2.find("without citation") != std::string::npos);
    CHECK(e2.find("line 8") != std::string::npos);
    CHECK(error_of(child("[far]\nlocal_floor = { value = 1.5, cite = \" \", fail_if = \"lt\" }\n")).find("without citation") != std::string::npos);
    CHECK(error_of(child("[far]\nlocal_floor = { value = 1.5, fail_if = \"lt\" }\n")).find("without citation") != std::string::npos);
    // wrong types
    CHECK(error_of(child("[far]\nlocal_floor = { value = \"abc\", cite = \"c\", fail_if = \"lt\" }\n")).find("must be a number") != std::string::npos);
    CHECK(error_of(child("[rules.far]\nenabled = \"yes\"\n")).find("true or false") != std::string::npos);
    auto e3 = error_of("[profile]\nid = \"t\"\nextends = \"national\"\nname = \"t\"\njurisdiction = \"t\"\neffective_from = \"2020-01-01\"\n");
    CHECK(e3.find("profile.effective_from") != std::string::npos);
    CHECK(e3.find("line 6") != std::string::npos);
    // fail_if vocabulary, and rule thresholds need one
    CHECK(error_of(child("[far]\nlocal_floor = { value = 1.5, cite = \"c\", fail_if = \"below\" }\n")).find("lt, le, gt, ge") != std::string::npos);
    CHECK(error_of(child("[far]\nlocal_floor = { value = 1.5, cite = \"c\" }\n")).find("fail_if") != std::string::npos);
    // unknown field inside a cited number
    CHECK(error_of(child("[far]\nlocal_floor = { value = 1.5, cite = \"c\", fail_if = \"lt\", clause = \"x\" }\n")).find("unknown field") != std::string::npos);
    // TOML syntax
    auto e4 = error_of(child("[far\n"));
    CHECK(e4.find("bad.toml") != std::string::npos);
    CHECK(e4.find("line 7") != std::string::npos);
    // a standalone profile must define everything
    auto e5 = error_of("[profile]\nid = \"t\"\nname = \"t\"\njurisdiction = \"t\"\neffective_from = 2020-01-01\n");
    CHECK(e5.find("missing required key") != std::string::npos);
    CHECK(e5.find("far.coverage_min") != std::string::npos);
    CHECK(e5.find("extends = \"national\"") != std::string::npos);   // the hint that fits
    // a child states its own jurisdiction and dates: extending national does not supply them
    auto e5b = error_of("[profile]\nid = \"t\"\nextends = \"national\"\nname = \"t\"\n");
    CHECK(e5b.find("profile.jurisdiction, profile.effective_from") != std::string::npos);
    CHECK(e5b.find("not inherited") != std::string::npos);
    CHECK(e5b.find("add them, or") == std::string::npos);
    // enabling a rule requires its thresholds
    auto e6 = error_of(child("[rules.tax_low]\nenabled = true\n"));
    CHECK(e6.find("rules.tax_low.threshold_10k_per_mu") != std::string::npos);
    // quotas
    CHECK(error_of(child("[mujun]\nquota_a = { value = 0.5, cite = \"c\" }\n")).find("sum to") != std::string::npos);
    // dates in order
    CHECK(error_of(child("").replace(child("").find("[profile]") + 10, 0, "effective_to = 2019-01-01\n")).find("before") != std::string::npos);
    // parents
    CHECK(error_of("[profile]\nid = \"t\"\nextends = \"atlantis\"\n").find("no built-in profile \"atlantis\"") != std::string::npos);
    CHECK_THROWS_AS(rules::load_profile("atlantis"), ConfigError);
    CHECK_THROWS_WITH(rules::load_profile("atlantis"), Catch::Contains("linhai"));
}

TEST_CASE("a child overrides its parent key by key", "[rules][profile]") {
    auto p = rules::parse_profile(child("[far]\nlocal_floor = { value = 1.8, cite = \"某县 (一)\", fail_if = \"lt\" }\n"
                                        "local_floor_supplied_from = 2022-01-01\n"
                                        "[rules.tax_low]\nenabled = true\nthreshold_10k_per_mu = { value = 4, cite = \"某县 (二)\", fail_if = \"le\" }\n"
                                        "years = { value = 1, cite = \"某县 (二)\" }\n"),
                                  "child.toml", TL_PROFILES_DIR);
    CHECK(p.number("far.local_floor") == 1.8);
    CHECK(p.find("far.local_floor")->file == "child.toml");
    CHECK(p.find("far.local_floor")->line == 8);
    CHECK(p.date("far.local_floor_supplied_from").iso() == "2022-01-01");
    CHECK(p.number("far.coverage_min") == 0.30);                  // inherited
    CHECK(p.find("far.coverage_min")->file.find("national.toml") != std::string::npos);
    CHECK(p.rule_enabled("tax_low"));
    CHECK(p.chain.size() == 2);
    CHECK(rules::load_profile("national").number("idle.developed_share_min") == Approx(1.0 / 3));  // "1/3"
}

// Issue 16: under a county profile every clause a user sees names that county's document, a
// Zhejiang or a national one; another county's number is said to be borrowed («无本县依据, 参照 …»).
// Internal provenance ([S], [I], domain.md §…) lives in `basis`, never in what a user reads.
TEST_CASE("every citation a user sees is the county's own, provincial or national, without internal tags", "[rules][profile]") {
    // Markers of county documents (the built-in counties', and those national borrows from).
    const std::map<std::string, std::vector<std::string>> own{
        {"xiangshan", {"象政发", "象山"}}, {"linhai", {"临政发", "临海"}}, {"linping", {"临平政办", "临平"}},
        {"yinzhou", {"鄞州"}}, {"zhoushan", {"舟山"}}, {"national", {}}};
    const std::vector<std::string> county_markers{"象政发", "象山", "临政发", "临海", "临平政办", "临平", "鄞州", "舟山", "天台", "黄岩"};
    // A marker is borrowed when the text says 参照 before it within the same clause (up to ';' or '；').
    auto borrowed = [](const std::string& text, std::size_t at) {
        std::size_t ref = text.rfind("参照", at);
        if (ref == std::string::npos) ref = text.rfind("after ", at);   // English clause texts
        if (ref == std::string::npos) return false;
        const std::string between = text.substr(ref, at - ref);
        return between.find(';') == std::string::npos && between.find("；") == std::string::npos;
    };
    int checked = 0;
    for (const auto& b : rules::builtin_profiles()) {
        const auto p = rules::load_profile(b.name);
        const auto& mine = own.at(b.name);
        for (const auto& [key, prm] : p.params) {
            std::vector<std::string> shown;
            if (!prm.cite.empty()) shown.push_back(prm.cite);
            if (prm.kind == rules::Param::Kind::text && (key.find("cite") != std::string::npos || key.find("clause") != std::string::npos))
                shown.push_back(prm.text);
            for (const auto& text : shown) {
                INFO(b.name << " " << key << ": " << text);
                ++checked;
                for (const char* tag : {"[S]", "[I]", "[C]", "domain.md", "[tag]"}) CHECK(text.find(tag) == std::string::npos);
                for (const auto& m : county_markers) {
                    if (std::find(mine.begin(), mine.end(), m) != mine.end()) continue;
                    for (std::size_t at = text.find(m); at != std::string::npos; at = text.find(m, at + 1)) {
                        INFO("marker " << m);
                        CHECK(borrowed(text, at));
                    }
                }
            }
        }
        // The idle rules' clauses are the profile's, in both languages.
        for (const char* r : {"R02p", "R02", "R02b", "R02g", "R03", "R03g", "R21", "R22"}) {
            INFO(b.name << " idle clause " << r);
            CHECK(p.text(std::string("idle.clause.") + r).size() > 10);
            CHECK(p.text(std::string("idle.clause_en.") + r).size() > 10);
        }
    }
    CHECK(rules::load_profile("xiangshan").text("idle.clause.R21").rfind("象政发〔2022〕10号", 0) == 0);
    CHECK(rules::load_profile("linping").text("idle.clause.R21").find("无本县依据") != std::string::npos);
    CHECK(checked > 300);
}

// Issue 16, "every key live": every key of every built-in profile names the rules that read it
// (profile show prints them), or is declared display-only; e2e.profile_keys_live proves the
// readers by changing each numeric key.
TEST_CASE("every profile key has a reader or is declared display-only", "[rules][profile]") {
    int keys = 0, display = 0;
    for (const auto& b : rules::builtin_profiles()) {
        const auto p = rules::load_profile(b.name);
        for (const auto& [key, prm] : p.params) {
            INFO(b.name << " " << key);
            CHECK_FALSE(rules::readers_of(key).empty());
            ++keys;
            if (rules::display_only(key)) ++display;
        }
    }
    CHECK(rules::readers_of("far.local_floor") == "R04.far");
    CHECK(rules::readers_of("far.industry_min.35") == "R04.far");
    // Targets are judged (T01–T03, issue 19 item 7); the ones tenglong cannot measure stay display-only.
    CHECK_FALSE(rules::display_only("targets.above_scale_tax_per_mu_10k"));
    CHECK(rules::readers_of("targets.revitalize_low_efficiency_mu").find("T01.revitalized") != std::string::npos);
    CHECK(rules::display_only("targets.industrial_park_entry_rate"));
    CHECK(rules::readers_of("far.ancillary_floor_share_max_raised").find("R07.ancillary_floor") != std::string::npos);
    CHECK_FALSE(rules::display_only("supply_mix.industrial_share_min"));
    CHECK(rules::describe(rules::load_profile("linping")).find("判定规则 read by: R16 占补台账") != std::string::npos);
    CHECK(keys > 300);
    CHECK(display < keys / 3);
}
