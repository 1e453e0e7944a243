#include "sync/files/regular_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace standpoint {

RegularFile::~RegularFile() {
    if (fd_ >= 0) ::close(fd_);
}

RegularFile::RegularFile(RegularFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_), mode_(other.mode_) {}

RegularFile& RegularFile::operator=(RegularFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        size_ = other.size_;
        mode_ = other.mode_;
    }
    return *this;
}

int RegularFile::release() { return std::exchange(fd_, -1); }

Result<RegularFile> open_regular_file(const std::filesystem::path& path) {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        return Error{path.string() + " cannot be opened (" + std::strerror(errno) + ")"};
    }
    RegularFile file(fd, 0, 0);
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        return Error{path.string() + " cannot be read (" + std::strerror(errno) + ")"};
    }
    if (!S_ISREG(info.st_mode)) {
        return Error{path.string() + " is not a regular file (a folder, FIFO or device)"};
    }
    // A regular file: reads never block on it, but the flag is cleared for plain semantics.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return RegularFile(file.release(), static_cast<std::uint64_t>(info.st_size), info.st_mode);
}

Result<std::string> read_regular_file(const std::filesystem::path& path, std::size_t max_bytes) {
    auto file = open_regular_file(path);
    if (!file) return file.error();
    return read_all(*file, max_bytes, path);
}

Result<std::string> read_all(RegularFile& file, std::size_t max_bytes,
                             const std::filesystem::path& path) {
    if (file.size() > max_bytes) {
        return Error{path.string() + " is larger than " + std::to_string(max_bytes) + " bytes"};
    }
    std::string text;
    char block[64 * 1024];
    for (;;) {
        const ssize_t got = ::read(file.fd(), block, sizeof block);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return Error{path.string() + " cannot be read (" + std::strerror(errno) + ")"};
        if (got == 0) break;
        // The size can grow after fstat (a file being written): the cap still holds.
        if (text.size() + static_cast<std::size_t>(got) > max_bytes) {
            return Error{path.string() + " is larger than " + std::to_string(max_bytes) + " bytes"};
        }
        text.append(block, static_cast<std::size_t>(got));
    }
    return text;
}

}  // namespace standpoint
