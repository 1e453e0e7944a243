#include "kiosk/app/app_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

namespace standpoint::app {
namespace fs = std::filesystem;

Result<std::string> read_file_capped(const fs::path& path, std::size_t max_bytes) {
    // O_NONBLOCK: opening a FIFO someone named like a survey must not hang the kiosk waiting for
    // a writer; fstat on what was opened (not the name, which could change between) then refuses
    // anything but a regular file: FIFOs, devices, sockets, folders.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return Error{path.string() + ": cannot read it: " + std::strerror(errno)};
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0)
        return Error{path.string() + ": cannot read it: " + std::strerror(errno)};
    if (S_ISDIR(info.st_mode)) return Error{path.string() + ": is a folder, not a file"};
    if (!S_ISREG(info.st_mode))
        return Error{path.string() +
                     ": is not a regular file (a pipe or a device?), so it is not read"};
    std::string bytes;
    char buffer[64 * 1024];
    // Read in chunks rather than trusting the size: a file may grow while it is read.
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return Error{path.string() + ": reading it failed part-way"};
        if (got == 0) break;
        bytes.append(buffer, static_cast<std::size_t>(got));
        if (bytes.size() > max_bytes)
            return Error{path.string() + ": is larger than " + std::to_string(max_bytes / 1024) +
                         " KiB, which is far too big for this kind of file: is it the right file?"};
    }
    return bytes;
}

fs::path find_assets_dir() {
    std::vector<fs::path> candidates;
    if (const char* from_env = std::getenv("STANDPOINT_ASSETS"); from_env && *from_env)
        candidates.emplace_back(from_env);
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path exe_dir = exe.parent_path();
        candidates.push_back(exe_dir / "assets");
        candidates.push_back(exe_dir.parent_path() / "share" / "standpoint" / "assets");
    }
#ifdef STANDPOINT_SOURCE_DIR
    candidates.push_back(fs::path(STANDPOINT_SOURCE_DIR) / "assets");
#endif
    for (const fs::path& candidate : candidates) {
        if (fs::is_directory(candidate / "surveys", error)) return candidate;
    }
    return {};
}

}  // namespace standpoint::app
