// SHA-256 of a file (OpenSSL EVP), for provenance in run.json.
#pragma once
#include <filesystem>
#include <string>

namespace tl {
// Lower-case hex digest; throws IoError if the file cannot be read.
std::string sha256_file(const std::filesystem::path& file);
std::string sha256_text(const std::string& text);
} // namespace tl
