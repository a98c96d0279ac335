// Small RAII helpers around GDAL/OGR, shared by the readers and the project loader.
//
// GDAL reports problems through a process-wide (per thread) error handler that prints to
// stderr by default. tenglong's stderr belongs to progress and logs, and a GDAL message is only
// useful inside our own error message, so every GDAL call that can fail runs under a
// CplErrorCapture: it collects the messages and restores the previous handler on destruction.
#pragma once
#include <string>
#include <vector>

#include <gdal_priv.h>

namespace tl::io::gdal {

// GDALAllRegister() exactly once per process (thread-safe).
void ensure_registered();

// Collects CPL errors and warnings raised on this thread while it lives.
// Not copyable or movable: GDAL holds `this` as the handler's user data.
class CplErrorCapture {
public:
    CplErrorCapture();
    ~CplErrorCapture();
    CplErrorCapture(const CplErrorCapture&) = delete;
    CplErrorCapture& operator=(const CplErrorCapture&) = delete;

    // All messages so far ("ERROR 4: ..."/"Warning 1: ..." without the prefix), in order.
    const std::vector<std::string>& messages() const noexcept { return m_messages; }
    // The failures (CE_Failure/CE_Fatal) joined with "; ", or the last warning if there was
    // no failure, or "" when GDAL said nothing.
    std::string summary() const;

private:
    static void CPL_STDCALL on_error(CPLErr level, CPLErrorNum num, const char* msg);
    std::vector<std::string> m_messages;
    std::vector<std::string> m_failures;
}; // class CplErrorCapture

// Sets a GDAL configuration option for this thread while it lives, and restores the old value.
class ThreadConfigOption {
public:
    ThreadConfigOption(const char* key, const char* value);
    ~ThreadConfigOption();
    ThreadConfigOption(const ThreadConfigOption&) = delete;
    ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

private:
    std::string m_key;
    std::string m_old;
    bool m_had_old = false;
}; // class ThreadConfigOption

// Opens a vector dataset (GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR, read-only) with the given
// open options ("KEY=VALUE"). Throws IoError naming `display_name` and GDAL's message.
GDALDatasetUniquePtr open_vector(const std::string& source, const std::vector<std::string>& open_options,
                                 const std::string& display_name);

// `source` as it may appear in a message: the password of a PG: connection string is hidden.
std::string display_source(const std::string& source);

} // namespace tl::io::gdal
