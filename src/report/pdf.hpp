// report.pdf (analyze --pdf): report.html printed by a headless Chromium found on this machine
// (Debian's chromium; $CHROMIUM names another), with the report's own print layout (@media print:
// A4 pages, the map on its own A3 landscape page at the scale the map block states). Without a
// Chromium the PDF is skipped and the run says so; nothing is downloaded.
#pragma once
#include <filesystem>
#include <optional>

namespace tl::report {

// $CHROMIUM if it is an executable file, else the first of chromium, chromium-browser,
// google-chrome on PATH; nullopt when there is none.
std::optional<std::filesystem::path> find_chromium();

// Prints `html` to `pdf` with `chromium` (headless, its own throwaway profile, no header or
// footer line). Throws IoError naming the PDF when Chromium fails or writes nothing.
void print_pdf(const std::filesystem::path& chromium, const std::filesystem::path& html, const std::filesystem::path& pdf);

} // namespace tl::report
