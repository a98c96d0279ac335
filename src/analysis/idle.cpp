#include "analysis/idle.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "geom/parallel.hpp"

#include "analysis/intensity.hpp"

namespace tl::analysis {

namespace {

// Names and disposal of the idle rules. Their clauses are the profile's (idle.clause.<id>,
// idle.clause_en.<id>): which document a county cites is the county's law, not the tool's.
const IdleRuleInfo kRules[] = {
    {"R02p", "供而未用（逾期未动工，未满一年）", "supplied, not used (start overdue, under one year)",
     "督促按期动工", "urge the start of construction"},
    {"R02", "闲置土地候选（未动工满一年）", "idle land candidate (no start one full year after the agreed date)",
     "调查认定后征缴土地闲置费（价款的20%）", "after investigation and 认定: idle-land fee (20 % of the price)"},
    {"R02b", "无偿收回候选（未动工满两年）", "recovery candidate (no start two full years after the agreed date)",
     "调查认定后无偿收回国有建设用地使用权", "after investigation and 认定: recovery of the use right without compensation"},
    {"R02g", "政府原因未动工（协商处置）", "no start, government-caused delay (negotiated disposal)",
     "政府原因，协商处置", "government cause: negotiated disposal"},
    {"R03", "闲置土地候选（已动工，开发不足且中止满一年）", "idle land candidate (started, under-developed, stalled one full year)",
     "调查认定后按第十四条处置（闲置费或收回）", "after investigation and 认定: disposal under Art. 14 (fee or recovery)"},
    {"R03g", "政府原因中止开发（协商处置）", "stalled, government-caused delay (negotiated disposal)",
     "政府原因，协商处置", "government cause: negotiated disposal"},
    {"R21", "建而未投（有建筑、无投产数据）", "built, not in production (buildings, no production data)",
     "核查投产情况", "check whether production has started"},
    {"R22", "投而未达标（投资未达合同约定）", "in production, below the contract (investment short of the agreed amount)",
     "对照合同督促达标或追究违约责任", "enforce the contract: reach the agreed investment or face the contract's remedies"},
};

int rule_rank(IdleRule r) noexcept { return static_cast<int>(r); }

std::string pct(double share) { return fmt::format("{:.1f}%", 100.0 * share); }

// "1 full year", "2 full years".
std::string full_years(int n) { return fmt::format("{} full year{}", n, n == 1 ? "" : "s"); }

// Building coverage of the supplied land: area(∪(buildings ∩ supply)) / area(supply).
double footprint_share(geom::GeosContext& c, const GEOSGeometry* supply, const geom::Envelope& env, double supply_area,
                       const OverlapIndex& buildings) {
    if (supply_area <= 0) return 0.0;
    const auto prepared = geom::prepare(c, supply);
    std::vector<geom::GeomPtr> parts;
    for (std::size_t j : buildings.intersecting(c, prepared.get(), env)) {
        auto part = geom::intersection(c, buildings.geometry(j), supply);
        if (geom::area(c, part.get()) > 0) parts.push_back(std::move(part));
    }
    if (parts.empty()) return 0.0;
    std::vector<const GEOSGeometry*> borrowed;
    for (const auto& p : parts) borrowed.push_back(p.get());
    const double covered = geom::area(c, geom::union_all(c, borrowed).get());
    return std::min(1.0, covered / supply_area);
}

struct Production {
    bool any_row = false;       // some enterprise row is linked
    bool producing = false;     // revenue, tax or value added > 0
}; // struct Production

} // namespace

const IdleRuleInfo& rule_info(IdleRule r) noexcept { return kRules[rule_rank(r)]; }

IdleResult find_idle(geom::GeosContext& c, const geom::Layer* supplies, const geom::Layer* buildings,
                     const geom::Layer* parcels, const geom::Layer* enterprises, const TownshipLookup& townships,
                     const IdleParams& p, IssueLog& issues) {
    IdleResult r;
    r.as_of = p.as_of;
    if (!supplies) {
        r.skipped_reason = "no supplies layer";
        Issue is;
        is.layer = "project";
        is.kind = "idle_skipped";
        is.detail = "闲置土地未分析：无供地图层（需约定动工日期）; idle land (R02/R03) not analysed: no supplies layer "
                    "(the agreed start dates live there)";
        issues.add(std::move(is));
        return r;
    }
    r.ran = true;
    r.used_buildings = buildings != nullptr;
    r.enterprise_checks = enterprises != nullptr;
    // 建而未投 rests on the absence of production data, so it is judged only when the table
    // covers the as-of year: the evaluation year is the latest year in the table not after
    // as_of's (as for the 亩均 evaluation). A table holding only later years (a back-year run)
    // says nothing about production then: R21/R22 are not judged, and the run says why.
    if (enterprises) {
        std::set<int> years;
        for (std::size_t k = 0; k < enterprises->features.size(); ++k)
            if (const auto y = enterprises->number(k, "year", nullptr)) years.insert(static_cast<int>(*y));
        for (int y : years)
            if (y <= p.as_of.year) r.enterprise_year = y;
        if (!r.enterprise_year) {
            r.enterprise_checks = false;
            std::string seen;
            for (int y : years) seen += (seen.empty() ? "" : ", ") + std::to_string(y);
            if (seen.empty()) seen = "无 / none";
            r.enterprise_skipped_reason = fmt::format(
                "亩均数据没有 {} 年及以前的记录（表中年份: {}）：建而未投 R21、投而未达标 R22 未判定，请提供 {} 年数据或核对基准日",
                p.as_of.year, seen, p.as_of.year);
            r.enterprise_skipped_reason_en = fmt::format(
                "the enterprise table has no rows for {} or earlier (years in it: {}): R21/R22 not judged; give {} data or check --as-of",
                p.as_of.year, seen, p.as_of.year);
            Issue is;
            is.layer = "enterprises";
            is.kind = "enterprise_year_absent";
            is.field = "year";
            is.detail = r.enterprise_skipped_reason + "; " + r.enterprise_skipped_reason_en;
            issues.add(std::move(is));
        }
    }

    const OverlapIndex building_index = buildings ? OverlapIndex(*buildings) : OverlapIndex();
    const OverlapIndex parcel_index = parcels ? OverlapIndex(*parcels) : OverlapIndex();
    std::map<std::string, std::size_t> parcel_by_id;   // first feature with each id
    if (parcels) {
        for (std::size_t k = 0; k < parcels->features.size(); ++k) {
            if (!parcels->features[k].id.empty()) parcel_by_id.emplace(parcels->features[k].id, k);
        }
    }

    // A partial table (the evaluation year far thinner than the year before) cannot tell a parcel
    // that is not producing from one nobody entered: say so, and judge R21 on explicit zeros only.
    if (enterprises && r.enterprise_checks && r.enterprise_year) {
        std::map<int, std::set<std::string>> parcels_by_year;
        for (std::size_t k = 0; k < enterprises->features.size(); ++k) {
            const auto pid = enterprises->text(k, "parcel_id");
            const auto y = enterprises->number(k, "year", nullptr);
            if (pid && y) parcels_by_year[static_cast<int>(*y)].insert(*pid);
        }
        const std::size_t cur = parcels_by_year[*r.enterprise_year].size();
        const auto prev = parcels_by_year.find(*r.enterprise_year - 1);
        if (prev != parcels_by_year.end() && !prev->second.empty() &&
            static_cast<double>(cur) < p.enterprise_year_min_share * static_cast<double>(prev->second.size())) {
            r.enterprise_table_partial = true;
            r.enterprise_partial_zh = fmt::format(
                "亩均数据 {} 年只关联 {} 宗地, 上一年 {} 宗 (不足 {:g}%): 表可能不全, 建而未投 R21 只列营收/税收/增加值为零的宗地, "
                "表中没有记录的宗地不判定", *r.enterprise_year, cur, prev->second.size(), p.enterprise_year_min_share * 100);
            r.enterprise_partial_en = fmt::format(
                "the enterprise table links {} parcels in {} against {} the year before (under {:g} %): it may be incomplete, so R21 "
                "lists only parcels with zero revenue/tax/value added, and parcels absent from the table are not judged",
                cur, *r.enterprise_year, prev->second.size(), p.enterprise_year_min_share * 100);
            Issue is;
            is.layer = "enterprises";
            is.kind = "enterprise_year_partial";
            is.field = "year";
            is.detail = r.enterprise_partial_zh + "; " + r.enterprise_partial_en;
            issues.add(std::move(is));
        }
    }

    // Production evidence per parcel id, from the enterprise table (years up to as_of's).
    std::map<std::string, Production> production;
    if (enterprises && r.enterprise_checks) {
        for (std::size_t k = 0; k < enterprises->features.size(); ++k) {
            const auto pid = enterprises->text(k, "parcel_id");
            if (!pid) continue;
            const auto year = enterprises->number(k, "year", &issues);
            if (year && *year > p.as_of.year) continue;
            auto& prod = production[*pid];
            prod.any_row = true;
            for (const char* key : {"revenue", "tax", "value_added"}) {
                const auto v = enterprises->number(k, key, &issues);
                if (v && *v > 0) prod.producing = true;
            }
        }
    }

    const geom::Layer& s = *supplies;
    // Area and building coverage of every supply, on --threads workers (pure geometry, one GEOS
    // context each; the shared geometries only read, their envelopes computed first). The loop
    // below uses them in supply order; a GEOS failure is rethrown there, where it is logged.
    struct Measured {
        double area_m2 = 0;
        std::optional<double> footprint_share;
        std::exception_ptr failure;
    };
    std::vector<Measured> measured(s.features.size());
    for (const auto& f : s.features) geom::warm_envelopes(c, f.geom.get());
    if (buildings) for (const auto& f : buildings->features) geom::warm_envelopes(c, f.geom.get());
    geom::parallel_for(c, s.features.size(), p.threads, [&](geom::GeosContext& wc, std::size_t i) {
        const auto& f = s.features[i];
        if (!f.geom) return;
        Measured& m = measured[i];
        try {
            m.area_m2 = geom::area(wc, f.geom.get());
            if (buildings) m.footprint_share = footprint_share(wc, f.geom.get(), f.env, m.area_m2, building_index);
        } catch (const GeosError&) {
            m.failure = std::current_exception();
        }
    });

    for (std::size_t i = 0; i < s.features.size(); ++i) {
        const auto& f = s.features[i];
        if (!f.geom) continue;
        IdleCandidate base;
        base.supply = i;
        base.fid = f.fid;
        base.supply_id = f.id;
        base.kind = s.text(i, "kind").value_or("");
        base.supplied_on = s.date(i, "supplied_on", &issues);
        base.agreed_start_on = s.date(i, "agreed_start_on", &issues);
        base.agreed_completion_on = s.date(i, "agreed_completion_on", &issues);
        base.started_on = s.date(i, "started_on", &issues);
        base.stalled_since = s.date(i, "stalled_since", &issues);
        base.land_price_10k_cny = s.number(i, "land_price", &issues);
        base.government_delay = s.boolean(i, "government_delay", &issues).value_or(false);
        const auto planned = s.number(i, "planned_investment", &issues);
        const auto invested = s.number(i, "invested", &issues);
        if (planned && *planned > 0 && invested) base.invested_share = *invested / *planned;

        if (base.supplied_on && *base.supplied_on > p.as_of) {
            issues.add(s.issue(i, "after_as_of", "supplied_on",
                                  fmt::format("供地日期 {} 晚于统计基准日 {}，不参与批而未供与闲置分析; supplied on {}, after as_of {}: "
                                              "left out of the unsupplied and idle analyses",
                                              base.supplied_on->iso(), p.as_of.iso(), base.supplied_on->iso(), p.as_of.iso()),
                                  IssueAction::note));
            continue;
        }
        ++r.supplies_evaluated;

        try {
            if (measured[i].failure) std::rethrow_exception(measured[i].failure);
            base.area_m2 = measured[i].area_m2;
            if (buildings) {
                base.footprint_share = measured[i].footprint_share;
                if (p.full_development_coverage > 0) {
                    base.developed_share = std::min(1.0, *base.footprint_share / p.full_development_coverage);
                }
            }
            base.township = townships.name_of(c, f.geom.get());
            // The supply's parcel: by parcel_id, else the parcel it overlaps most.
            base.parcel_id = s.text(i, "parcel_id").value_or("");
            std::optional<std::size_t> parcel;
            if (const auto it = parcel_by_id.find(base.parcel_id); !base.parcel_id.empty() && it != parcel_by_id.end()) {
                parcel = it->second;
            } else if (parcels) {
                if (const auto best = parcel_index.largest_overlap(c, f.geom.get())) {
                    parcel = best->index;
                    if (base.parcel_id.empty()) base.parcel_id = parcels->features[best->index].id;
                }
            }
            if (parcel) {
                base.land_use = parcels->text(*parcel, "land_use").value_or("");
                if (!base.land_use.empty()) base.industrial = is_industrial_land_use(base.land_use, p.industrial_prefixes);
            }
        } catch (const GeosError& e) {
            issues.add(s.issue(i, "overlay_failed", "",
                                  std::string("闲置分析叠加失败，该供地未判定; overlay failed, supply not judged: ") + e.what(),
                                  IssueAction::rejected));
            ++r.supplies_not_evaluable;
            ++r.not_evaluable_by_cause["overlay"];
            continue;
        }

        const bool started_by_date = base.started_on && *base.started_on <= p.as_of;
        const bool started_by_footprint = base.footprint_share && *base.footprint_share >= p.start_footprint_share;
        const bool started = started_by_date || started_by_footprint;
        const std::string coverage_zh = base.footprint_share ? "建筑覆盖 " + pct(*base.footprint_share) : "无建筑图层";
        const std::string coverage_en = base.footprint_share ? "footprint coverage " + pct(*base.footprint_share) : "no buildings layer";

        auto emit = [&](IdleRule rule, IdleCandidate cand) {
            cand.rule = rule;
            r.candidates.push_back(std::move(cand));
        };

        if (!started) {
            if (!base.agreed_start_on) {
                ++r.supplies_not_evaluable;
                ++r.not_evaluable_by_cause["agreed_start_on"];
                if (!s.text(i, "agreed_start_on")) {
                    issues.add(s.issue(i, "missing_date", "agreed_start_on",
                                          "未见动工迹象且约定动工日期缺失，无法判定是否闲置; no sign of a start and no agreed start "
                                          "date: idle status cannot be judged",
                                          IssueAction::kept));
                }
            } else {
                const Date agreed = *base.agreed_start_on;
                IdleCandidate cand = base;
                cand.days_overdue = p.as_of.days_since_epoch() - agreed.days_since_epoch();
                const Date idle_end = period_end_years(agreed, p.idle_years);
                const Date recovery_end = period_end_years(agreed, p.recovery_years);
                cand.measured_zh = fmt::format("约定动工日 {} 后 {} 天未见动工（{}）", agreed.iso(), *cand.days_overdue, coverage_zh);
                cand.measured_en = fmt::format("no start {} days after the agreed start {} ({})", *cand.days_overdue,
                                               agreed.iso(), coverage_en);
                const bool recovery = period_elapsed_years(agreed, p.recovery_years, p.as_of);
                const bool idle = period_elapsed_years(agreed, p.idle_years, p.as_of);
                if (recovery || idle) {
                    const int years = recovery ? p.recovery_years : p.idle_years;
                    cand.deadline = recovery ? recovery_end : idle_end;
                    cand.threshold_zh = fmt::format("满{}年未动工（{} 届满）", years, cand.deadline->iso());
                    cand.threshold_en = fmt::format("{} without a start (ran out {})", full_years(years), cand.deadline->iso());
                    if (base.government_delay) {
                        emit(IdleRule::R02g, std::move(cand));
                    } else {
                        if (cand.land_price_10k_cny) cand.fee_estimate_10k_cny = p.idle_fee_rate * *cand.land_price_10k_cny;
                        emit(recovery ? IdleRule::R02b : IdleRule::R02, std::move(cand));
                    }
                } else if (p.list_overdue_start && p.as_of > agreed) {
                    cand.deadline = idle_end;
                    cand.threshold_zh = fmt::format("约定动工日已过，满{}年将构成闲置（{} 届满）", p.idle_years, idle_end.iso());
                    cand.threshold_en = fmt::format("agreed start passed; idle once {} {} run out ({})", full_years(p.idle_years), p.idle_years == 1 ? "has" : "have",
                                                    idle_end.iso());
                    emit(IdleRule::R02p, std::move(cand));
                }
            }
        } else if (base.stalled_since && *base.stalled_since <= p.as_of &&
                   period_elapsed_years(*base.stalled_since, p.stalled_years, p.as_of)) {
            // 第二条第二款: "不足" excludes the number (《民法典》第1259条): strictly below.
            const bool developed_low = base.developed_share && *base.developed_share < p.developed_share_min;
            const bool invested_low = base.invested_share && *base.invested_share < p.invested_share_min;
            if (developed_low || invested_low) {
                IdleCandidate cand = base;
                cand.days_overdue = p.as_of.days_since_epoch() - base.stalled_since->days_since_epoch();
                cand.deadline = period_end_years(*base.stalled_since, p.stalled_years);
                const std::string dev_zh = base.developed_share ? "开发比例(代理) " + pct(*base.developed_share) : "开发比例不详";
                const std::string dev_en = base.developed_share ? "developed share (proxy) " + pct(*base.developed_share)
                                                                : "developed share unknown";
                const std::string inv_zh = base.invested_share ? "投资比例 " + pct(*base.invested_share) : "投资比例不详";
                const std::string inv_en = base.invested_share ? "invested share " + pct(*base.invested_share) : "invested share unknown";
                cand.measured_zh = fmt::format("{}，{}，{} 起停工 {} 天", dev_zh, inv_zh, base.stalled_since->iso(), *cand.days_overdue);
                cand.measured_en = fmt::format("{}, {}, stalled since {} ({} days)", dev_en, inv_en, base.stalled_since->iso(),
                                               *cand.days_overdue);
                cand.threshold_zh = fmt::format("开发 < {} 或投资 < {}，且停工满{}年（{} 届满）", pct(p.developed_share_min),
                                                pct(p.invested_share_min), p.stalled_years, cand.deadline->iso());
                cand.threshold_en = fmt::format("developed < {} or invested < {}, and stalled {} (ran out {})",
                                                pct(p.developed_share_min), pct(p.invested_share_min), full_years(p.stalled_years),
                                                cand.deadline->iso());
                emit(base.government_delay ? IdleRule::R03g : IdleRule::R03, std::move(cand));
            } else if (!base.developed_share && !base.invested_share) {
                ++r.supplies_not_evaluable;
                ++r.not_evaluable_by_cause["invested"];
                issues.add(s.issue(i, "idle_indeterminate", "invested",
                                      "停工满一年，但开发比例与投资比例均不详，无法按第二条第二款判定; stalled one full year, but "
                                      "neither the developed share nor the invested share is known (Art. 2 para. 2 cannot be judged)",
                                      IssueAction::kept));
            }
        }

        // 建而未投 / 投而未达标 (enterprise table evidence).
        // Only industrial land (the 亩均 evaluation's scope): shops, homes and schools have no
        // production data to miss. Land use unknown: not judged.
        if (r.enterprise_checks && started && base.industrial.value_or(false)) {
            const auto it = production.find(base.parcel_id);
            const bool producing = it != production.end() && it->second.producing;
            const bool built = started_by_footprint;
            const bool completion_due = !base.agreed_completion_on || p.as_of > *base.agreed_completion_on;
            const bool absent = it == production.end() || !it->second.any_row;
            if (built && completion_due && !producing && absent && r.enterprise_table_partial) {
                ++r.r21_not_judged;   // nobody entered it, or it does not produce: a partial table cannot tell
            } else if (built && completion_due && !producing) {
                IdleCandidate cand = base;
                cand.measured_zh = fmt::format("{}，宗地 {} 无投产数据（营收/税收/增加值）", coverage_zh,
                                               base.parcel_id.empty() ? "(未知)" : base.parcel_id);
                cand.measured_en = fmt::format("{}, no production data (revenue/tax/value added) for parcel {}", coverage_en,
                                               base.parcel_id.empty() ? "(unknown)" : base.parcel_id);
                cand.threshold_zh = fmt::format("建筑覆盖 ≥ {}{}，且有投产数据", pct(p.start_footprint_share),
                                                base.agreed_completion_on ? "、约定竣工日 " + base.agreed_completion_on->iso() + " 已过" : "");
                cand.threshold_en = fmt::format("coverage ≥ {}{}, and production data present", pct(p.start_footprint_share),
                                                base.agreed_completion_on ? ", agreed completion " + base.agreed_completion_on->iso() + " passed" : "");
                emit(IdleRule::R21, std::move(cand));
            }
            // invested = 0 on a producing site is taken as "not recorded", not as nothing invested.
            if (producing && planned && invested && *planned > 0 && *invested > 0 && *invested < *planned) {
                IdleCandidate cand = base;
                cand.measured_zh = fmt::format("已完成投资 {:.2f} 万元，约定 {:.2f} 万元（{}）", *invested, *planned, pct(*base.invested_share));
                cand.measured_en = fmt::format("invested {:.2f} of the agreed {:.2f} (10k CNY) ({})", *invested, *planned,
                                               pct(*base.invested_share));
                cand.threshold_zh = "已完成投资 ≥ 合同约定总投资（100%）";
                cand.threshold_en = "invested ≥ the total investment agreed in the contract (100 %)";
                emit(IdleRule::R22, std::move(cand));
            }
        }
    }

    std::stable_sort(r.candidates.begin(), r.candidates.end(), [](const IdleCandidate& a, const IdleCandidate& b) {
        return std::make_tuple(std::cref(a.supply_id), a.fid, rule_rank(a.rule)) <
               std::make_tuple(std::cref(b.supply_id), b.fid, rule_rank(b.rule));
    });
    return r;
}

} // namespace tl::analysis
