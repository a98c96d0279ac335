// Policy profiles: versioned rule sets keyed by (jurisdiction, effective_from, effective_to),
// with the citation of every number (domain.md §1.1 "ship rule sets keyed by ...").
//
// File format (TOML; profiles/national.toml documents it in full):
//   [profile]  id, name, jurisdiction, admin_code, level, documents, effective_from,
//              effective_to, effective_cite, effective_quote, seed, note, extends
//   every number is an inline table { value = 2.0, cite = "象政发〔2022〕10号 四(二)",
//              quote = "...", fail_if = "lt", wording = "...", unit = "...", year = 2023 }
//   (`values = [2, 5]` for a list; value may be a fraction "1/3").
// A profile may say `extends = "national"` (a built-in name, or a path relative to the file):
// its keys override the parent's, key by key.
//
// Errors (ConfigError, exit 2) name the file, the key and the line: TOML syntax, an unknown
// section or key, a value of the wrong type, a number without `cite`, an unknown `fail_if`, a
// missing required key after inheritance, quotas that do not sum to 1.
//
// Built-in profiles are looked up, by name, in this order:
//   1. $TENGLONG_PROFILES_DIR
//   2. <directory of the executable>/../share/tenglong/profiles   (installed)
//   3. TENGLONG_SOURCE_DIR/profiles                                (the source tree it was built from)
//   4. copies embedded in the binary at build time                 (works from anywhere)
// so a fresh clone build works in place, an installed binary finds its share/ copy, and a
// binary moved anywhere still knows the profiles it was built with.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace tl::rules {

// The comparison under which a measured value FAILS the threshold (《民法典》第1259条:
// "以上/以下/不低于" include the number, "不满/超过/(不含)" exclude it).
enum class Comparison { lt, le, gt, ge };
const char* to_string(Comparison c) noexcept;        // "lt" ...
const char* to_symbol(Comparison c) noexcept;        // "<" ...
bool compare(double measured, Comparison c, double threshold) noexcept;  // true = fails

struct Param {
    enum class Kind { number, number_list, text, text_list, boolean, date };
    std::string key;                  // dotted path: "rules.tax_low.threshold_10k_per_mu"
    Kind kind = Kind::number;
    double number = 0;
    std::vector<double> numbers;
    std::string text;
    std::vector<std::string> texts;
    bool flag = false;
    Date date;
    // Citation (numbers only).
    std::string cite, quote, wording, unit, note;
    // The maintainers' provenance of the number (confidence tags [C]/[S]/[I], domain.md sections):
    // shown by `profile show --basis` only, never in a user's file, message or report.
    std::string basis;
    std::optional<int> year;
    std::optional<Comparison> fail_if;
    // Where it was defined.
    std::string file;
    int line = 0;
}; // struct Param

class Profile {
public:
    std::string id, name, jurisdiction, admin_code, level, seed, note;
    std::string effective_cite, effective_quote;
    std::vector<std::string> documents;
    std::optional<Date> effective_from, effective_to;
    std::vector<std::string> chain;   // files or "embedded:<name>", parent first
    std::map<std::string, Param> params;
    std::string content_hash;         // FNV-1a 64 of the files' bytes, parent first (hex)

    const Param* find(const std::string& key) const;
    // Throws ConfigError naming the key when absent or of another kind.
    double number(const std::string& key) const;
    const Param& number_param(const std::string& key) const;
    std::optional<double> number_opt(const std::string& key) const;
    bool flag(const std::string& key, bool fallback) const;
    std::string text(const std::string& key, const std::string& fallback = {}) const;
    std::vector<std::string> texts(const std::string& key) const;
    std::vector<double> numbers(const std::string& key) const;
    // Throws ConfigError naming the key when absent or not a date.
    Date date(const std::string& key) const;
    // Keys directly under `prefix.` (one level), sorted.
    std::vector<std::string> children(const std::string& prefix) const;
    bool rule_enabled(const std::string& rule) const { return flag("rules." + rule + ".enabled", false); }

    // "in force", "not yet in force (from 2022-07-16)", "expired 2023-12-31" for a date.
    bool in_force(const Date& d) const;
    std::string validity_note(const Date& d) const;
}; // class Profile

struct BuiltinProfile {
    std::string name;
    std::string location;   // a file path, or "embedded"
}; // struct BuiltinProfile

// Built-in profiles (national first, then by name).
std::vector<BuiltinProfile> builtin_profiles();

// Loads a built-in profile by name, or a file when `name_or_path` ends in .toml or names an
// existing file. Throws ConfigError (exit 2).
Profile load_profile(const std::string& name_or_path);

// Parses TOML text (for tests and `profile check`); `label` names it in errors; `base_dir`
// resolves a relative `extends`.
Profile parse_profile(const std::string& toml_text, const std::string& label,
                      const std::filesystem::path& base_dir = {});

// The copy of a built-in profile embedded in the binary (tests compare it with the source file).
std::optional<std::string> embedded_profile_text(const std::string& name);

// The keys every complete profile defines (after inheritance).
const std::vector<std::string>& required_keys();

// The rules that read a key ("R04.far R06.coverage"), "display…" for a key no rule judges by
// (metadata, targets, a threshold whose rule is not built yet, with why), "" for a key nothing
// knows of. `profile show` prints it under each key.
std::string readers_of(const std::string& key);
bool display_only(const std::string& key);

// Writes the profile as readable text (profile show): metadata, then every parameter with its
// value, comparison, citation and source file:line.
std::string describe(const Profile& p);

// The built-in county profile whose admin_code (行政区划代码; a city's "330900" as "3309") most
// parcel codes start with, when at least half of them do; with the share that matched.
struct ProfileSuggestion {
    std::string id, jurisdiction, admin_code;
    double share = 0;
}; // struct ProfileSuggestion
std::optional<ProfileSuggestion> suggest_profile(const std::vector<std::string>& parcel_codes);

} // namespace tl::rules
