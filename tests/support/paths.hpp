// Where test data lives (configured by CMake).
#pragma once
#include <string>

namespace tl::test {
inline std::string realdata(const std::string& rel) { return std::string(TL_REALDATA_DIR) + "/" + rel; }
inline std::string data(const std::string& rel) { return std::string(TL_TEST_DATA_DIR) + "/" + rel; }
inline std::string demo(const std::string& rel = "") { return std::string(TL_DEMO_DIR) + (rel.empty() ? "" : "/" + rel); }
} // namespace tl::test
