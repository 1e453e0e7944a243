// write_export: an ExportPlan onto a stick so that what looks complete is complete.
//
// Index:
//   [SECTION] Words for staff     - errno -> what happened to the stick and what to do
//   [SECTION] Checks before       - FAT-safe names and sizes, free space, read-only
//   [SECTION] The folder          - a new folder, every file written, synced, renamed, read back
//   [SECTION] write_export
//
// The order is the guarantee (docs/usb-sticks.md): FAT has no journal and a
// rename there is not crash-atomic, so nothing is ever renamed over an existing file; each file
// goes to ".<name>.partial", fsync, close, rename, fsync of the folder. Only when every data file
// has been read back from the stick and matches its SHA-256 is manifest.json written (the same
// way) and read back. A folder without manifest.json is, by this rule, never a finished export.
#include "kiosk/app/export_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/sha256.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint::app {

namespace fs = std::filesystem;

namespace {

constexpr const char* manifest_name = export_file::manifest_json;

// [SECTION] Words for staff ----------------------------------------------------------------

std::string cause_of(int error_number) {
    switch (error_number) {
        case ENOSPC:
        case EDQUOT:
            return "the stick is full";
        case EROFS:
        case EACCES:
        case EPERM:
            return "the stick is read-only or locked";
        case ENOENT:
        case EIO:
        case ENODEV:
        case ENXIO:
        case ESTALE:
            return "the stick was removed or a file vanished before it was checked";
        case EFBIG:
            return "the file is too large for the stick's file system";
        default:
            return "the stick reported an error";
    }
}

std::string advice_for(int error_number) {
    switch (error_number) {
        case ENOSPC:
        case EDQUOT:
            return "Delete old files from the stick or use another one, then export again.";
        case EROFS:
        case EACCES:
        case EPERM:
            return "If the stick has a lock switch, slide it to unlocked; otherwise use another "
                   "stick, then export again.";
        default:
            return "Put the stick back in (or use another one) and export again.";
    }
}

// "The export could not write responses.csv (in /media/kiosk/STICK/standpoint-...): the stick is
// full (No space left on device). ..." Every failure ends the same way, because it is true: the
// folder was removed as far as the stick allowed, and no manifest.json was left in it.
Error stick_error(const std::string& doing, const std::string& file, const fs::path& folder,
                  int error_number) {
    return Error{"The export could not " + doing + " " + file + " (in " + folder.string() +
                 "): " + cause_of(error_number) + " (" + std::strerror(error_number) + "). " +
                 advice_for(error_number) +
                 " Nothing on the stick is marked complete: there is no manifest.json."};
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

// [SECTION] Checks before ------------------------------------------------------------------

bool is_fat_safe(const std::string& name) {
    if (name.empty() || name.size() > 255 || name.front() == '.' || name.front() == '-' ||
        name.back() == '.')
        return false;
    for (char c : name) {
        const bool is_safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                             (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!is_safe) return false;
    }
    return true;
}

// What the files will take on the stick: each rounded up to whole blocks, plus a few blocks for
// the folder and its entries. An estimate on the safe side; a stick that is still too full fails
// at write() with ENOSPC, and that is reported just as clearly.
std::uint64_t space_needed(const ExportPlan& plan, std::uint64_t block_bytes) {
    if (block_bytes == 0) block_bytes = 4096;
    std::uint64_t total = 4 * block_bytes;
    for (const ExportFile& file : plan.files)
        total += (file.bytes.size() + block_bytes - 1) / block_bytes * block_bytes;
    return total;
}

Status check_destination(const ExportPlan& plan, const fs::path& destination) {
    struct stat info {};
    if (::stat(destination.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        return Error{"The export cannot go to " + destination.string() +
                     ": there is no such folder. Is the stick still in? Choose the stick again "
                     "and export again."};
    }
    struct statvfs space {};
    if (::statvfs(destination.c_str(), &space) != 0) {
        const int error_number = errno;
        return stick_error("look at", "the free space", destination, error_number);
    }
    if ((space.f_flag & ST_RDONLY) != 0) {
        return Error{"The export cannot be written to " + destination.string() +
                     ": the stick is read-only or locked (it is mounted read-only). " +
                     advice_for(EROFS)};
    }
    const std::uint64_t free_bytes =
        static_cast<std::uint64_t>(space.f_bavail) * static_cast<std::uint64_t>(space.f_frsize);
    const std::uint64_t needed = space_needed(plan, space.f_frsize);
    if (free_bytes < needed) {
        return Error{"The stick is too full for the export (" + destination.string() +
                     "): the stick has " + megabytes(free_bytes) + " free, the export needs " +
                     megabytes(needed) + ". " + advice_for(ENOSPC)};
    }
    return ok_status();
}

// [SECTION] The folder -----------------------------------------------------------------------

// A new export folder and everything written into it. Unless finish() is called, the destructor
// removes what it can (files, partial files, the folder): a failed export leaves nothing that
// looks like an export, and never a manifest.json.
class ExportFolder {
public:
    ExportFolder() = default;
    ExportFolder(const ExportFolder&) = delete;
    ExportFolder& operator=(const ExportFolder&) = delete;
    ~ExportFolder() {
        if (is_finished_ || dir_fd_ < 0) {
            if (dir_fd_ >= 0) ::close(dir_fd_);
            return;
        }
        // The manifest first: if anything is left behind, it must not be the one file that says
        // "complete".
        ::unlinkat(dir_fd_, manifest_name, 0);
        for (const std::string& name : made_) ::unlinkat(dir_fd_, name.c_str(), 0);
        ::close(dir_fd_);
        ::rmdir(path_.c_str());
    }

    // Makes destination/name, or name-2, name-3... if it exists: never into an old export.
    Status create(const fs::path& destination, const std::string& name) {
        for (int attempt = 1; attempt < 1000; ++attempt) {
            const std::string tried = attempt == 1 ? name : name + "-" + std::to_string(attempt);
            const fs::path path = destination / tried;
            if (::mkdir(path.c_str(), 0755) == 0) {
                path_ = path;
                dir_fd_ = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (dir_fd_ < 0) {
                    const int error_number = errno;
                    ::rmdir(path.c_str());
                    return stick_error("open the folder", tried, destination, error_number);
                }
                // The new folder's own entry lives in the parent: make it durable too.
                const int parent_fd =
                    ::open(destination.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (parent_fd < 0 || ::fsync(parent_fd) != 0) {
                    const int error_number = errno;
                    if (parent_fd >= 0) ::close(parent_fd);
                    return stick_error("flush the folder entry of", tried, destination,
                                       error_number);
                }
                ::close(parent_fd);
                return ok_status();
            }
            if (errno != EEXIST) {
                const int error_number = errno;
                return stick_error("make the folder", tried, destination, error_number);
            }
        }
        return Error{"The export could not find a free folder name in " + destination.string() +
                     " (" + name + " up to -999 all exist). Tidy the stick, then export again."};
    }

    // The file's bytes under ".<name>.partial", fsync, close, rename to <name>, fsync the folder.
    Status write(const ExportFile& file) {
        const std::string partial = "." + file.name + ".partial";
        const int fd =
            ::openat(dir_fd_, partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0) return fail("create", file.name);
        made_.push_back(partial);
        std::size_t written = 0;
        while (written < file.bytes.size()) {
            const ssize_t done =
                ::write(fd, file.bytes.data() + written, file.bytes.size() - written);
            if (done < 0 && errno == EINTR) continue;
            if (done <= 0) {
                const int error_number = done < 0 ? errno : ENOSPC;
                ::close(fd);
                return stick_error("write", file.name, path_, error_number);
            }
            written += static_cast<std::size_t>(done);
        }
        if (::fsync(fd) != 0) {
            const int error_number = errno;
            ::close(fd);
            return stick_error("flush", file.name, path_, error_number);
        }
        // The pages are clean now: drop them, so the read-back below comes from the stick and
        // not from this machine's memory.
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (::close(fd) != 0) return fail("close", file.name);
        if (::renameat(dir_fd_, partial.c_str(), dir_fd_, file.name.c_str()) != 0)
            return fail("rename", file.name);
        made_.back() = file.name;
        if (::fsync(dir_fd_) != 0) return fail("flush the folder entry of", file.name);
        return ok_status();
    }

    // Reads the file back from the stick: it must be there, with the same size and the same
    // bytes (compared chunk by chunk with the plan, so no second copy of a large file is held;
    // equal bytes are the planned SHA-256, which the report carries).
    Result<WrittenFile> verify(const ExportFile& file) const {
        const int fd = ::openat(dir_fd_, file.name.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return fail("read back", file.name);
        std::uint64_t size = 0;
        std::optional<std::uint64_t> first_difference;
        std::vector<char> buffer(1 << 16);
        for (;;) {
            const ssize_t got = ::read(fd, buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                const int error_number = errno;
                ::close(fd);
                return stick_error("read back", file.name, path_, error_number);
            }
            if (got == 0) break;
            const auto count = static_cast<std::size_t>(got);
            if (!first_difference) {
                const std::string_view planned = size < file.bytes.size()
                                                     ? std::string_view(file.bytes).substr(size)
                                                     : std::string_view();
                const std::string_view read_back(buffer.data(), count);
                if (planned.substr(0, count) != read_back) {
                    std::size_t at = 0;
                    while (at < planned.size() && at < count && planned[at] == read_back[at]) ++at;
                    first_difference = size + at;
                }
            }
            size += count;
        }
        ::close(fd);
        if (size != file.bytes.size()) {
            return Error{"The export could not be checked: " + file.name + " on the stick (in " +
                         path_.string() + ") is " + std::to_string(size) + " bytes, but " +
                         std::to_string(file.bytes.size()) +
                         " were written. The stick was removed or is failing. " + advice_for(EIO) +
                         " Nothing on the stick is marked complete: there is no manifest.json."};
        }
        const std::string sha256 = sha256_hex(file.bytes);
        if (first_difference) {
            return Error{"The export could not be checked: " + file.name + " on the stick (in " +
                         path_.string() + ") does not match what was written (its SHA-256 is not " +
                         sha256 + "; the first difference is at byte " +
                         std::to_string(*first_difference) +
                         "). The stick is failing or was removed. " + advice_for(EIO) +
                         " Nothing on the stick is marked complete: there is no manifest.json."};
        }
        return WrittenFile{file.name, size, sha256};
    }

    void finish() { is_finished_ = true; }
    const fs::path& path() const { return path_; }

private:
    Error fail(const std::string& doing, const std::string& name) const {
        return stick_error(doing, name, path_, errno);
    }

    fs::path path_;
    int dir_fd_ = -1;
    std::vector<std::string> made_;  // names in the folder, partial or final
    bool is_finished_ = false;
};

}  // namespace

// [SECTION] write_export -------------------------------------------------------------------

Status check_fat_file(const std::string& name, std::uint64_t size_bytes) {
    if (!is_fat_safe(name)) {
        return Error{"The export cannot write a file named \"" + name +
                     "\": a FAT-formatted stick allows only A-Z, a-z, 0-9, '.', '_' and '-' "
                     "here (a bug: please report it)."};
    }
    if (size_bytes > fat32_max_file_bytes) {
        return Error{"The export cannot write " + name + ": it would be " + megabytes(size_bytes) +
                     ", more than the 4 GiB a file may have on a FAT32 stick. Export fewer "
                     "days at a time (--from/--to)."};
    }
    return ok_status();
}

Result<ExportReport> write_export(const ExportPlan& plan, const fs::path& destination,
                                  const BeforeVerifyHook& before_verify) {
    if (plan.files.empty() || plan.files.back().name != manifest_name) {
        return Error{
            "The export plan has no manifest.json as its last file (a bug: please "
            "report it)."};
    }
    if (auto checked = check_fat_file(plan.folder_name, 0); !checked) return checked.error();
    for (const ExportFile& file : plan.files) {
        if (auto checked = check_fat_file(file.name, file.bytes.size()); !checked)
            return checked.error();
    }
    if (auto checked = check_destination(plan, destination); !checked) return checked.error();

    ExportFolder folder;
    if (auto made = folder.create(destination, plan.folder_name); !made) return made.error();

    // A view, not a copy: the data files are most of the export's memory.
    const std::span<const ExportFile> data_files(plan.files.data(), plan.files.size() - 1);
    const ExportFile& manifest = plan.files.back();
    for (const ExportFile& file : data_files) {
        if (auto written = folder.write(file); !written) return written.error();
    }
    if (before_verify) before_verify(folder.path());

    ExportReport report;
    report.folder = folder.path();
    report.response_count = plan.response_count;
    for (const ExportFile& file : data_files) {
        auto verified = folder.verify(file);
        if (!verified) return verified.error();
        report.files.push_back(std::move(verified.value()));
    }
    // INVARIANT: manifest.json exists only in a folder whose every other file was read back and
    // matched. It is written last, and removed again if it does not read back itself.
    if (auto written = folder.write(manifest); !written) return written.error();
    auto verified = folder.verify(manifest);
    if (!verified) return verified.error();
    report.files.push_back(std::move(verified.value()));
    folder.finish();
    return report;
}

}  // namespace standpoint::app
