#include "report/output_dir.hpp"

#include <unistd.h>

#include <system_error>

#include "core/errors.hpp"

namespace tl::report {

namespace fs = std::filesystem;

OutputDir::OutputDir(fs::path target, bool overwrite) : m_target(fs::absolute(std::move(target)).lexically_normal()) {
    if (m_target.filename().empty()) m_target = m_target.parent_path();
    std::error_code ec;
    if (fs::exists(m_target, ec)) {
        if (!fs::is_directory(m_target, ec)) {
            throw UsageError(m_target.string() + " exists and is not a folder; choose another --out");
        }
        if (!fs::is_empty(m_target, ec) && !overwrite) {
            throw UsageError(m_target.string() + " already holds results; pass --overwrite to replace them, or choose another --out");
        }
    }
    const fs::path parent = m_target.parent_path();
    fs::create_directories(parent, ec);
    if (ec) throw IoError(parent.string(), "cannot create the output location: " + ec.message());
    m_temp = parent / ("." + m_target.filename().string() + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(m_temp, ec);
    fs::create_directory(m_temp, ec);
    if (ec) throw IoError(parent.string(), "cannot write in the output location: " + ec.message());
}

OutputDir::~OutputDir() {
    if (!m_committed) {
        std::error_code ec;
        fs::remove_all(m_temp, ec);
    }
}

void OutputDir::commit() {
    std::error_code ec;
    fs::path old;
    if (fs::exists(m_target, ec)) {
        old = m_target.parent_path() / ("." + m_target.filename().string() + ".old-" + std::to_string(::getpid()));
        fs::remove_all(old, ec);
        fs::rename(m_target, old, ec);
        if (ec) throw IoError(m_target.string(), "cannot move the previous results aside: " + ec.message());
    }
    fs::rename(m_temp, m_target, ec);
    if (ec) {
        if (!old.empty()) fs::rename(old, m_target, ec);
        throw IoError(m_target.string(), "cannot move the results into place: " + ec.message());
    }
    m_committed = true;
    if (!old.empty()) fs::remove_all(old, ec);
}

} // namespace tl::report
