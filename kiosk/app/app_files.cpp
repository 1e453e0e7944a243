#include "kiosk/app/app_files.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

namespace standpoint::app {
namespace fs = std::filesystem;

Result<std::string> read_file_capped(const fs::path& path, std::size_t max_bytes) {
    std::error_code error;
    if (fs::is_directory(path, error)) return Error{path.string() + ": is a folder, not a file"};
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        const int saved_errno = errno;
        return Error{path.string() + ": cannot read it: " +
                     (saved_errno != 0 ? std::strerror(saved_errno) : "cannot open")};
    }
    std::string bytes;
    char buffer[64 * 1024];
    // Read in chunks rather than trusting the size: /dev/stdin, pipes and growing files have none.
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > max_bytes)
            return Error{path.string() + ": is larger than " + std::to_string(max_bytes / 1024) +
                         " KiB, which is far too big for this kind of file: is it the right file?"};
    }
    if (in.bad()) return Error{path.string() + ": reading it failed part-way"};
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
