// R16 control line and 占补 ledger verdicts. See control_line.hpp.
#include "rules/control_line.hpp"

#include "rules/evaluate.hpp"   // fails_threshold

namespace tl::rules {

namespace {

// Areas within this of the required area balance it (floating-point sums of m²).
constexpr double kAreaNoise_m2 = 1e-6;

Verdict make(const std::string& rule, Outcome o, const std::string& clause) {
    Verdict v;
    v.rule_id = rule;
    v.outcome = o;
    v.clause = clause;
    return v;
}

} // namespace

const char* to_string(LineStatus s) noexcept {
    switch (s) {
        case LineStatus::inside: return "inside";
        case LineStatus::partly_outside: return "partly_outside";
        case LineStatus::outside: return "outside";
    }
    return "?";
}

ControlLineVerdicts judge_control_line(const Profile& profile, const analysis::ControlLineResult& m) {
    ControlLineVerdicts out;
    out.has_lines = m.has_lines;
    out.clause_swap = profile.text("control_line.swap_clause");
    std::string clause_ratio = profile.number_param("control_line.ratio").cite;
    const auto ratio_nature_change = profile.number_opt("control_line.ratio_nature_change");
    if (ratio_nature_change) clause_ratio = profile.number_param("control_line.ratio_nature_change").cite + "; " + clause_ratio;
    out.clause_ledger = clause_ratio + "; " + profile.text("control_line.compensate_first_clause");

    const Param& share_min = profile.number_param("control_line.inside_share_min");
    const Comparison share_fail = share_min.fail_if.value_or(Comparison::lt);   // strict "<": a parcel mostly outside
    // An outside part smaller than this is digitising noise, not land outside the line (m²).
    const double outside_noise_m2 = profile.number("control_line.outside_noise_m2");
    for (const auto& pl : m.parcels) {
        ParcelLineVerdict v;
        v.line = &pl;
        const bool outside = fails_threshold(pl.inside_share, share_fail, share_min.number);
        v.status = outside ? LineStatus::outside : pl.outside_m2() >= outside_noise_m2 ? LineStatus::partly_outside : LineStatus::inside;
        v.verdict = make("R16", outside ? Outcome::fail : Outcome::pass, out.clause_swap);
        v.verdict.measured = pl.inside_share;
        v.verdict.comparison = to_symbol(share_fail);
        v.verdict.threshold = share_min.number;
        out.parcels.push_back(std::move(v));
    }

    const double ratio = profile.number("control_line.ratio");
    const auto words = profile.texts("control_line.nature_change_words");
    const bool compensate_first = profile.flag("control_line.compensate_first", true);
    for (const auto& row : m.ledger) {
        const auto& conv = row.conversion;
        LedgerVerdict v;
        v.row = &row;
        v.ratio = ratio;
        if (ratio_nature_change)
            for (const auto& w : words)
                if (!w.empty() && conv.change_type.find(w) != std::string::npos) v.ratio = *ratio_nature_change;
        v.required_m2 = v.ratio * row.converted_inside_m2;
        // 不低于: compensation ≥ required passes.
        if (!conv.converted_area_m2 || !conv.compensation_area_m2) {
            v.balance = make("R16.balance", Outcome::indeterminate, out.clause_ledger);
            v.balance.missing = !conv.converted_area_m2 ? "converted_area_m2" : "compensation_area_m2";
        } else {
            v.balance = make("R16.balance", row.compensation_inside_m2 + kAreaNoise_m2 >= v.required_m2 ? Outcome::pass : Outcome::fail,
                             out.clause_ledger);
        }
        v.balance.measured = row.compensation_inside_m2;
        v.balance.comparison = "<";
        v.balance.threshold = v.required_m2;
        // 先补后发: the compensation approved no later than the conversion.
        if (!compensate_first || (conv.converted_area_m2 && v.required_m2 <= 0)) {
            v.compensate_first = make("R16.compensate_first", Outcome::pass, out.clause_ledger);   // nothing to compensate
        } else if (!conv.converted_on || !conv.compensation_approved_on) {
            v.compensate_first = make("R16.compensate_first", Outcome::indeterminate, out.clause_ledger);
            v.compensate_first.missing = !conv.converted_on ? "converted_on" : "compensation_approved_on";
        } else {
            v.compensate_first = make("R16.compensate_first",
                                      *conv.compensation_approved_on <= *conv.converted_on ? Outcome::pass : Outcome::fail,
                                      out.clause_ledger);
        }
        out.total_required_m2 += v.required_m2;
        out.ledger.push_back(std::move(v));
    }
    out.total_balance = make("R16.balance", Outcome::indeterminate, out.clause_ledger);
    if (!m.ledger.empty()) {
        out.total_balance.outcome = m.total_compensation_inside_m2 + kAreaNoise_m2 >= out.total_required_m2 ? Outcome::pass : Outcome::fail;
        out.total_balance.measured = m.total_compensation_inside_m2;
        out.total_balance.comparison = "<";
        out.total_balance.threshold = out.total_required_m2;
    }
    return out;
}

} // namespace tl::rules
