// Error types. A problem in one feature is an Issue (issue_log.hpp), never an exception;
// an exception means the run cannot go on. Only main() turns exceptions into messages:
//   exit 1  the run failed (I/O, processing)          -> Error, IoError, DataError
//   exit 2  usage, project or profile error            -> UsageError, ConfigError
// Messages name the file, the layer or field, and the fix.
#pragma once
#include <stdexcept>
#include <string>

namespace tl {

struct Error : std::runtime_error {
    using std::runtime_error::runtime_error;
    virtual int exit_code() const noexcept { return 1; }
}; // struct Error

// Bad command line.
struct UsageError : Error {
    using Error::Error;
    int exit_code() const noexcept override { return 2; }
}; // struct UsageError

// Bad project or profile file, or a layer that the project cannot bind (missing file, missing
// required field, unknown key). `file` is the file at fault where one is known.
struct ConfigError : Error {
    ConfigError(std::string file_, const std::string& msg)
        : Error(file_.empty() ? msg : file_ + ": " + msg), file(std::move(file_)) {}
    int exit_code() const noexcept override { return 2; }
    std::string file;
}; // struct ConfigError

// A dataset that cannot be opened, read or written.
struct IoError : Error {
    IoError(std::string path_, const std::string& msg)
        : Error(path_.empty() ? msg : path_ + ": " + msg), path(std::move(path_)) {}
    std::string path;
}; // struct IoError

// Input whose content makes the whole layer unusable (no CRS, wrong geometry type, ...).
struct DataError : Error {
    using Error::Error;
}; // struct DataError

// GEOS reported an exception (returned its sentinel); `op` names the operation.
struct GeosError : Error {
    GeosError(std::string op_, const std::string& msg)
        : Error("GEOS " + op_ + ": " + msg), op(std::move(op_)) {}
    std::string op;
}; // struct GeosError

} // namespace tl
