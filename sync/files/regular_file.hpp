// Opening a file a user can place (a USB stick's export, a kiosk's sync settings and token)
// without being stopped by what it turns out to be: opened non-blocking, so a FIFO or a device
// under a file's name is refused at once instead of hanging the open or the read, and checked
// with fstat on the open descriptor (no window between the check and the read).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "kiosk/core/result.hpp"

namespace standpoint {

// An open regular file; closes itself.
class RegularFile {
public:
    RegularFile() = default;
    RegularFile(int fd, std::uint64_t size, mode_t mode) : fd_(fd), size_(size), mode_(mode) {}
    ~RegularFile();
    RegularFile(RegularFile&& other) noexcept;
    RegularFile& operator=(RegularFile&& other) noexcept;
    RegularFile(const RegularFile&) = delete;
    RegularFile& operator=(const RegularFile&) = delete;

    int fd() const { return fd_; }
    std::uint64_t size() const { return size_; }
    mode_t mode() const { return mode_; }  // st_mode, for permission checks
    int release();                         // hands the descriptor over (e.g. to fdopen)

private:
    int fd_ = -1;
    std::uint64_t size_ = 0;
    mode_t mode_ = 0;
};

// Errors: "<path> cannot be opened (reason)" or "<path> is not a regular file".
Result<RegularFile> open_regular_file(const std::filesystem::path& path);

// The rest of an open file, refused when it holds more than `max_bytes`; `path` is for messages.
Result<std::string> read_all(RegularFile& file, std::size_t max_bytes,
                             const std::filesystem::path& path);

// The whole file, refused (without reading it) when it is larger than `max_bytes`.
Result<std::string> read_regular_file(const std::filesystem::path& path, std::size_t max_bytes);

}  // namespace standpoint
