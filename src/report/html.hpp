// report.html: the one file a planner opens. Self-contained (its data and its small script inline,
// no library, no external fonts, images or style sheets: it opens offline, from a USB stick or an
// e-mail attachment) and deterministic (same run, same bytes). The script pans and zooms the
// map, shows a clicked shape's rows (rule, measured, threshold, clause, disposal), filters by
// category and 镇街, searches ids and holders, and sorts the tables; without it the page reads
// the same, all but the interaction.
//
// Sections, Chinese with Lang::zh (the default) and English with Lang::en:
//   1. a county map drawn as inline SVG from the results: township boundaries, every category
//      filled in its styles/ colour, legend, scale bar (metres/km of the working CRS) and north
//      arrow. Working-CRS coordinates (projected, metres) map to SVG pixels by one uniform
//      scale with y flipped (SVG y grows downwards); grid north of the projection is up.
//   2. headline totals per category (count, area in 亩) from summary.json, "无数据 / no data"
//      for a category that did not run;
//   3. per category a table by township: count of distinct shortlist entries and their area in
//      亩 (each geometry counted once, so a parcel failing three rules counts once);
//   4. charts as inline SVG bars: 批而未供 by age bucket, 闲置 by rule, 低效 by rule (reason),
//      亩均 class distribution A–D;
//   5. the county's policy targets from the profile (e.g. 盘活低效工业用地 4500 亩) beside what the
//      shortlists hold;
//   6. data quality: features read/used/rejected/repaired per layer, issues by kind.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "geom/layer.hpp"
#include "report/table.hpp"

namespace tl::rules { class Profile; }

namespace tl::report {

// Text for HTML (element content and quoted attributes): & < > " ' escaped. Every page tenglong
// writes (report.html, the region roll-up, the 闭环管理 section) escapes with it.
std::string html_escape(const std::string& s);

struct ReportInput {
    const nlohmann::ordered_json* summary = nullptr;  // summary.json as written (required)
    std::vector<const Table*> tables;                 // shortlists; name = category id; geoms in working CRS
    const geom::Layer* townships = nullptr;           // boundaries for the map (optional)
    const geom::Layer* control_lines = nullptr;       // 工业用地控制线, drawn on the map (optional)
    const rules::Profile* profile = nullptr;          // targets (optional; else summary's)
    Lang lang = Lang::zh;
}; // struct ReportInput

// A target's display name ("revitalize_low_efficiency_mu" -> 盘活低效工业用地; the key itself when
// unknown), and the category whose shortlist area (亩) a target counts against ("inefficient",
// "unsupplied", "idle"; empty when the target is not an area of a category). The region roll-up
// (report/region_rollup.hpp) shows the city's targets the same way.
std::string target_label(const std::string& key, Lang lang);
std::string target_category(const std::string& key);

// The HTML text. Throws Error when summary is missing.
std::string report_html(geom::GeosContext& c, const ReportInput& in);
// Writes report_html() to `file`; throws IoError naming it.
void write_report_html(geom::GeosContext& c, const ReportInput& in, const std::filesystem::path& file);

} // namespace tl::report
