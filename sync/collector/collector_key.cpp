#include "sync/collector/collector_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "kiosk/core/sha256.hpp"

namespace standpoint {

namespace fs = std::filesystem;

namespace {

constexpr off_t max_key_file_bytes = 1024;

}  // namespace

fs::path default_collector_key_path(const std::string& db_path) {
    if (db_path.empty()) return collector_key_file_name;
    return fs::path(db_path).parent_path() / collector_key_file_name;
}

Result<std::optional<SealingKeyPair>> load_collector_key(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return std::optional<SealingKeyPair>();
        return Error{"The collector's key file " + path.string() + " cannot be read (" +
                     std::strerror(errno) + ")."};
    }
    struct stat info {};
    const bool is_file =
        ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size <= max_key_file_bytes;
    if (!is_file || (info.st_mode & 077) != 0) {
        ::close(fd);
        return Error{is_file
                         ? "The collector refuses its key file " + path.string() +
                               " because other users may read it. Run: chmod 600 " + path.string()
                         : path.string() + " is not a key file (not a small regular file)."};
    }
    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    const ssize_t got = ::read(fd, text.data(), text.size());
    ::close(fd);
    if (got != static_cast<ssize_t>(text.size())) {
        return Error{"The collector's key file " + path.string() + " could not be read."};
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    auto pair = SealingKeyPair::from_secret_hex(text);
    if (!pair) {
        return Error{"The collector's key file " + path.string() + " is damaged (" +
                     pair.error().message + "). Restore it from the backup (docs/security.md)."};
    }
    return std::optional<SealingKeyPair>(std::move(pair).value());
}

Result<SealingKeyPair> load_or_make_collector_key(const fs::path& path) {
    auto existing = load_collector_key(path);
    if (!existing) return existing.error();
    if (existing->has_value()) return std::move(**existing);
    auto made = SealingKeyPair::generate();
    if (!made) return made.error();
    const std::string text = made->secret_hex() + "\n";
    const fs::path temporary = path.string() + ".new-" + std::to_string(::getpid());
    const int fd =
        ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Error{"The collector could not make its key file " + path.string() + " (" +
                     std::strerror(errno) + ")."};
    }
    const bool written =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
        ::fsync(fd) == 0;
    ::close(fd);
    // link() never replaces a key another collector process made a moment ago.
    const bool linked = written && ::link(temporary.c_str(), path.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(temporary.c_str());
    if (!written) return Error{"The collector could not write its key file " + path.string() + "."};
    if (!linked && link_errno != EEXIST) {
        return Error{"The collector could not make its key file " + path.string() + " (" +
                     std::strerror(link_errno) + ")."};
    }
    auto now = load_collector_key(path);
    if (!now) return now.error();
    if (!now->has_value()) return Error{"The collector's key file " + path.string() + " vanished."};
    return std::move(**now);
}

Result<SigningKey> collector_signing_key(const SealingKeyPair& pair) {
    auto secret = from_hex(pair.secret_hex());
    if (!secret) return secret.error();
    auto seed = from_hex(sha256_hex("standpoint collector signing key v1\n" + *secret));
    std::fill(secret->begin(), secret->end(), '\0');
    if (!seed) return seed.error();
    auto key = SigningKey::from_seed(*seed);
    std::fill(seed->begin(), seed->end(), '\0');
    return key;
}

}  // namespace standpoint
