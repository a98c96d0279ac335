#include "io/gdal.hpp"

#include <mutex>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "core/errors.hpp"

namespace tl::io::gdal {

void ensure_registered() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

CplErrorCapture::CplErrorCapture() { CPLPushErrorHandlerEx(&CplErrorCapture::on_error, this); }

CplErrorCapture::~CplErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL CplErrorCapture::on_error(CPLErr level, CPLErrorNum /*num*/, const char* msg) {
    auto* self = static_cast<CplErrorCapture*>(CPLGetErrorHandlerUserData());
    if (!self) return;
    std::string text = msg ? msg : "";
    if (level == CE_Failure || level == CE_Fatal) self->m_failures.push_back(text);
    if (level != CE_Debug) self->m_messages.push_back(std::move(text));
}

std::string CplErrorCapture::summary() const {
    if (!m_failures.empty()) {
        std::string out;
        for (const auto& m : m_failures) {
            if (!out.empty()) out += "; ";
            out += m;
        }
        return out;
    }
    return m_messages.empty() ? std::string{} : m_messages.back();
}

ThreadConfigOption::ThreadConfigOption(const char* key, const char* value) : m_key(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) {
        m_old = old;
        m_had_old = true;
    }
    CPLSetThreadLocalConfigOption(key, value);
}

ThreadConfigOption::~ThreadConfigOption() {
    CPLSetThreadLocalConfigOption(m_key.c_str(), m_had_old ? m_old.c_str() : nullptr);
}

std::string display_source(const std::string& source) {
    // Connection strings carry credentials; an error message ends up in logs and tickets.
    // Hides the value of every password=... and pwd=... (libpq/ODBC: key = value, value possibly
    // 'quoted'; an unquoted value runs to the next blank, so MySQL's "password=x,port=1" loses
    // its tail too) and the password of a URI (postgresql://user:secret@host/db).
    std::string out = source;
    std::string lower = source;
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (const std::string key : {"password", "pwd"}) {
        std::size_t pos = 0;
        while ((pos = lower.find(key, pos)) != std::string::npos) {
            std::size_t i = pos + key.size();
            while (i < out.size() && out[i] == ' ') ++i;
            if (i >= out.size() || out[i] != '=') {
                pos += key.size();
                continue;
            }
            ++i;
            while (i < out.size() && out[i] == ' ') ++i;
            std::size_t end = i;
            if (end < out.size() && out[end] == '\'') {
                end = out.find('\'', end + 1);
                end = (end == std::string::npos) ? out.size() : end + 1;
            } else {
                while (end < out.size() && out[end] != ' ' && out[end] != '\t') ++end;
            }
            out.replace(i, end - i, "***");
            lower.replace(i, end - i, "***");
            pos = i + 3;
        }
    }
    std::size_t pos = 0;
    while ((pos = out.find("://", pos)) != std::string::npos) {
        const std::size_t auth = pos + 3;
        const std::size_t at = out.find('@', auth);
        const std::size_t slash = out.find('/', auth);
        if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
            const std::size_t colon = out.find(':', auth);
            if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
        pos = auth;
    }
    return out;
}

GDALDatasetUniquePtr open_vector(const std::string& source, const std::vector<std::string>& open_options,
                                 const std::string& display_name) {
    ensure_registered();
    std::vector<const char*> opts;
    for (const auto& o : open_options) opts.push_back(o.c_str());
    opts.push_back(nullptr);
    CplErrorCapture capture;
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                              nullptr, opts.data(), nullptr));
    if (!ds) {
        std::string msg = capture.summary();
        if (msg.empty()) msg = "GDAL cannot open it as a vector dataset";
        if (source.rfind("PG:", 0) == 0)   // libpq's messages come in lines
            for (char& ch : msg)
                if (ch == '\n') ch = ' ';
        if (source.rfind("PG:", 0) == 0 && msg.find("password") != std::string::npos)
            msg += " (libpq takes the password from PGPASSWORD or a pgpass file, ~/.pgpass or PGPASSFILE; "
                   "keep it out of the project file)";
        throw IoError(display_source(display_name), "cannot open: " + display_source(msg));
    }
    return ds;
}

} // namespace tl::io::gdal
