// An output folder that appears complete or not at all.
//
// Results are built in a temporary folder beside the target (same file system, so the final
// rename is atomic) and moved into place by commit(). Without commit() (an exception, a failed
// run) the destructor removes the temporary folder and the previous results stay untouched.
// An existing non-empty target is replaced only when `overwrite` is set; otherwise the
// constructor throws UsageError naming --overwrite.
#pragma once
#include <filesystem>
#include <string>

namespace tl::report {

class OutputDir {
public:
    OutputDir(std::filesystem::path target, bool overwrite);
    ~OutputDir();
    OutputDir(const OutputDir&) = delete;
    OutputDir& operator=(const OutputDir&) = delete;

    // Path of `name` inside the temporary folder.
    std::filesystem::path file(const std::string& name) const { return m_temp / name; }
    const std::filesystem::path& target() const noexcept { return m_target; }
    // Moves the finished folder into place (replacing the previous one).
    void commit();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    bool m_committed = false;
}; // class OutputDir

} // namespace tl::report
