// Numbers as county tables write them (moved here from geom/layer so that the reader's unit
// conversion and the value checks read a number the same way).
#pragma once
#include <optional>
#include <string>

namespace tl {

// Parses a number as county tables write it: plain decimal ("1234.5", "-3", "1e3", " 1,234.5 "
// with thousands commas in groups of three; full-width digits and the ideographic space are
// accepted). No units ("1234.5万" is malformed: we never guess a scale). "", "NULL", "null",
// "-", "--", "—", "/", "N/A" are missing: nullopt, not malformed. NaN and infinities are malformed.
// `malformed` (if given) is set to whether the text was non-missing and did not parse.
std::optional<double> parse_number(const std::string& text, bool* malformed = nullptr);

// Full-width digits, '.', ',', '-', '+' (U+FF01–U+FF5E) and the ideographic space as ASCII.
std::string fold_fullwidth(const std::string& s);
// Without leading and trailing ASCII blanks.
std::string trim_blanks(const std::string& s);
// "", "NULL", "null", "-", "--", "—", "/", "N/A" (trimmed text).
bool is_missing_text(const std::string& t);

// `v` with `decimals` fixed decimals, then without trailing zeros and a trailing point, as a
// verdict's reason text writes a measured value or threshold: 1.5000 → "1.5", 10.000 → "10".
std::string trimmed_decimal(double v, int decimals);

} // namespace tl
