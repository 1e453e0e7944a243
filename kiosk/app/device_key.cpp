#include "kiosk/app/device_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sync/protocol/sealed_box.hpp"

namespace standpoint::app {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_key_file_bytes = 1024;

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    return text;
}

// A small regular file, opened without following a link or blocking on a FIFO. `private_only`:
// refused when group or others have any access.
Result<std::optional<std::string>> read_small_file(const fs::path& path, bool private_only) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return std::optional<std::string>();
        return Error{path.string() + " cannot be read (" + std::strerror(errno) + ")."};
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) ||
        info.st_size > static_cast<off_t>(max_key_file_bytes)) {
        ::close(fd);
        return Error{path.string() + " is not a key file (not a small regular file)."};
    }
    if (private_only && (info.st_mode & 077) != 0) {
        ::close(fd);
        return Error{"The kiosk refuses its key file " + path.string() +
                     " because other users may read it. Run: chmod 600 " + path.string()};
    }
    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    const ssize_t got = ::read(fd, text.data(), text.size());
    ::close(fd);
    if (got != static_cast<ssize_t>(text.size())) {
        return Error{path.string() + " could not be read to the end."};
    }
    return std::optional<std::string>(trimmed(std::move(text)));
}

// Writes `text` to a temporary file (0600, fsync'd), then links it to `path`: an existing key is
// never replaced (link fails with EEXIST), so two starts at once keep one key.
Result<bool> create_private_file(const fs::path& path, const std::string& text) {
    const fs::path temporary = path.string() + ".new-" + std::to_string(::getpid());
    const int fd =
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Error{"The kiosk could not make its key file " + path.string() + " (" +
                     std::strerror(errno) + ")."};
    }
    const bool written =
        ::fchmod(fd, 0600) == 0 &&
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd) == 0;
    const int write_errno = errno;
    ::close(fd);
    if (!written) {
        ::unlink(temporary.c_str());
        return Error{"The kiosk could not write its key file " + path.string() + " (" +
                     std::strerror(write_errno) + "). Is the disk full?"};
    }
    const bool linked = ::link(temporary.c_str(), path.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(temporary.c_str());
    if (!linked && link_errno != EEXIST) {
        return Error{"The kiosk could not make its key file " + path.string() + " (" +
                     std::strerror(link_errno) + ")."};
    }
    if (const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return linked;
}

}  // namespace

Result<SigningKey> load_or_make_device_key(const fs::path& data_dir) {
    const fs::path path = data_dir / device_key_file_name;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto text = read_small_file(path, true);
        if (!text) return text.error();
        if (text->has_value()) {
            auto key = SigningKey::from_hex(**text);
            if (!key) {
                return Error{"The kiosk's key file " + path.string() + " is damaged (" +
                             key.error().message +
                             "). Move it away and start the kiosk again: it makes a new key, "
                             "which the collector must then accept (docs/security.md)."};
            }
            return key;
        }
        auto made = SigningKey::generate();
        if (!made) return made.error();
        auto created = create_private_file(path, made->secret_hex() + "\n");
        if (!created) return created.error();
        if (*created) return made;
        // Another process made the key first: read theirs.
    }
    return Error{"The kiosk could not settle on one key in " + path.string() + "."};
}

Result<std::optional<std::string>> find_collector_public_key(const fs::path& data_dir,
                                                             const fs::path& stick_dir) {
    for (const fs::path& folder : {data_dir, stick_dir}) {
        if (folder.empty()) continue;
        const fs::path path = folder / collector_public_key_file_name;
        auto text = read_small_file(path, false);
        if (!text) return text.error();
        if (!text->has_value()) continue;
        if (!is_public_key_hex(**text)) {
            return Error{path.string() +
                         " is not a collector key: it must hold the 64 hex digits that "
                         "`standpoint-collector public-key` prints."};
        }
        return text;
    }
    return std::optional<std::string>();
}

Status add_export_keys(ExportOptions& options, const fs::path& data_dir,
                       const fs::path& stick_dir) {
    auto key = load_or_make_device_key(data_dir);
    if (!key) return key.error();
    options.signing_key = std::move(key).value();
    if (!options.include_personal) return ok_status();
    auto collector = find_collector_public_key(data_dir, stick_dir);
    if (!collector) return collector.error();
    options.collector_public_key = collector->value_or("");
    return ok_status();
}

Status add_sync_key(SyncConfig& config, const fs::path& data_dir) {
    auto key = load_or_make_device_key(data_dir);
    if (!key) return key.error();
    config.signing_key = std::move(key).value();
    return ok_status();
}

}  // namespace standpoint::app
