// StickSink and write_export: an export onto a stick so that what looks complete is complete.
//
// Index:
//   [SECTION] Words for staff     - errno -> what happened to the stick and what to do
//   [SECTION] Checks before       - FAT-safe names and sizes, free space, read-only
//   [SECTION] The folder          - a new folder, every file written, synced, renamed, read back
//   [SECTION] StickSink           - the export streamed onto the stick, hashed while written
//   [SECTION] write_export        - a plan already in memory, through the same StickSink
//
// The order is the guarantee (docs/usb-sticks.md): FAT has no journal and a
// rename there is not crash-atomic, so nothing is ever renamed over an existing file; each file
// goes to ".<name>.partial", fsync, close, rename, fsync of the folder. Only when every data file
// has been read back from the stick and matches the SHA-256 computed while it was written is
// manifest.json written (the same way) and read back. A folder without manifest.json is, by this
// rule, never a finished export.
#include "kiosk/app/export_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/sha256.hpp"
#include "kiosk/export/export_stream.hpp"
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

// What `bytes` in `file_count` files will take on the stick: each file rounded up to whole
// blocks, plus a few blocks for the folder and its entries. A stick that is still too full fails
// at write() with ENOSPC, and that is reported just as clearly.
std::uint64_t space_needed(std::uint64_t bytes, std::size_t file_count, std::uint64_t block_bytes) {
    if (block_bytes == 0) block_bytes = 4096;
    return (4 + file_count) * block_bytes + bytes;
}

Status check_destination(const fs::path& destination, std::uint64_t bytes, std::size_t file_count) {
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
    const std::uint64_t needed = space_needed(bytes, file_count, space.f_frsize);
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

    // A new file under ".<name>.partial": its descriptor, for append() and close_file().
    Result<int> open_file(const std::string& name) {
        const std::string partial = "." + name + ".partial";
        const int fd =
            ::openat(dir_fd_, partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0) return fail("create", name);
        made_.push_back(partial);
        return fd;
    }

    // Writes all of `bytes` (big pieces: the caller buffers). Closes `fd` on failure.
    Status append(int fd, const std::string& name, std::string_view bytes) {
        std::size_t written = 0;
        while (written < bytes.size()) {
            const ssize_t done = ::write(fd, bytes.data() + written, bytes.size() - written);
            if (done < 0 && errno == EINTR) continue;
            if (done <= 0) {
                const int error_number = done < 0 ? errno : ENOSPC;
                ::close(fd);
                return stick_error("write", name, path_, error_number);
            }
            written += static_cast<std::size_t>(done);
        }
        return ok_status();
    }

    // fsync, close, rename ".<name>.partial" to <name>, fsync the folder.
    Status close_file(int fd, const std::string& name) {
        if (::fsync(fd) != 0) {
            const int error_number = errno;
            ::close(fd);
            return stick_error("flush", name, path_, error_number);
        }
        // The pages are clean now: drop them, so the read-back comes from the stick and not
        // from this machine's memory.
        ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (::close(fd) != 0) return fail("close", name);
        const std::string partial = "." + name + ".partial";
        if (::renameat(dir_fd_, partial.c_str(), dir_fd_, name.c_str()) != 0)
            return fail("rename", name);
        for (std::string& made : made_)
            if (made == partial) made = name;
        if (::fsync(dir_fd_) != 0) return fail("flush the folder entry of", name);
        return ok_status();
    }

    // Reads the file back from the stick: it must be there, with the size and the SHA-256
    // computed while it was written (hashed again chunk by chunk, never held whole).
    Result<WrittenFile> verify(const WrittenFile& expected) const {
        const std::string& name = expected.name;
        const int fd = ::openat(dir_fd_, name.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return fail("read back", name);
        std::uint64_t size = 0;
        Sha256 read_back;
        std::vector<char> buffer(1 << 20);
        for (;;) {
            const ssize_t got = ::read(fd, buffer.data(), buffer.size());
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) {
                const int error_number = errno;
                ::close(fd);
                return stick_error("read back", name, path_, error_number);
            }
            if (got == 0) break;
            read_back.add(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
            size += static_cast<std::uint64_t>(got);
        }
        ::close(fd);
        if (size != expected.bytes) {
            return Error{"The export could not be checked: " + name + " on the stick (in " +
                         path_.string() + ") is " + std::to_string(size) + " bytes, but " +
                         std::to_string(expected.bytes) +
                         " were written. The stick was removed or is failing. " + advice_for(EIO) +
                         " Nothing on the stick is marked complete: there is no manifest.json."};
        }
        const std::string found = read_back.hex();
        if (found != expected.sha256) {
            return Error{"The export could not be checked: " + name + " on the stick (in " +
                         path_.string() + ") does not match what was written (its SHA-256 is " +
                         found + ", not " + expected.sha256 +
                         "). The stick is failing or was removed. " + advice_for(EIO) +
                         " Nothing on the stick is marked complete: there is no manifest.json."};
        }
        return expected;
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

// [SECTION] StickSink ---------------------------------------------------------------------

struct StickSink::State {
    fs::path destination;
    BeforeVerifyHook before_verify;
    BeforeBegin before_begin;
    ExportFolder folder;
    struct OpenFile {
        int fd = -1;
        std::string name;
        std::uint64_t bytes = 0;
    };
    std::map<int, OpenFile> open;     // by descriptor
    std::vector<WrittenFile> closed;  // in the order they were closed, to be read back
    std::vector<WrittenFile> checked;
    ~State() {
        // A failed export: let go of what is still open, so the folder can be removed.
        for (const auto& [fd, file] : open) ::close(fd);
    }
};

StickSink::StickSink(fs::path destination, BeforeVerifyHook before_verify, BeforeBegin before_begin)
    : state_(std::make_unique<State>()) {
    state_->destination = std::move(destination);
    state_->before_verify = std::move(before_verify);
    state_->before_begin = std::move(before_begin);
}

StickSink::~StickSink() = default;

const fs::path& StickSink::folder() const { return state_->folder.path(); }

const std::vector<WrittenFile>& StickSink::checked_files() const { return state_->checked; }

Status StickSink::begin(const ExportStart& start) {
    if (state_->before_begin) {
        if (Status allowed = state_->before_begin(start); !allowed) return allowed;
    }
    if (auto checked = check_fat_file(start.folder_name, 0); !checked) return checked.error();
    // Ten files is about what an export holds (the data, the manifest, a signature).
    if (auto checked = check_destination(state_->destination, start.estimated_bytes, 10); !checked)
        return checked.error();
    return state_->folder.create(state_->destination, start.folder_name);
}

Result<int> StickSink::open_file(const std::string& name) {
    if (name == manifest_name) {
        return Error{
            "The export tried to write manifest.json before its data files were "
            "checked (a bug: please report it)."};
    }
    if (auto checked = check_fat_file(name, 0); !checked) return checked.error();
    auto fd = state_->folder.open_file(name);
    if (!fd) return fd.error();
    state_->open[*fd] = State::OpenFile{*fd, name, 0};
    return fd;
}

Status StickSink::append(int file, std::string_view bytes) {
    const auto found = state_->open.find(file);
    if (found == state_->open.end()) return Error{"The export wrote to a file it had not opened."};
    State::OpenFile& open = found->second;
    open.bytes += bytes.size();
    if (auto checked = check_fat_file(open.name, open.bytes); !checked) return checked.error();
    Status written = state_->folder.append(open.fd, open.name, bytes);
    if (!written) state_->open.erase(found);  // append closed it
    return written;
}

Status StickSink::close_file(int file, const SunkFile& written) {
    const auto found = state_->open.find(file);
    if (found == state_->open.end()) return Error{"The export closed a file it had not opened."};
    const std::string name = found->second.name;
    state_->open.erase(found);  // close_file closes it, whatever happens
    if (Status closed = state_->folder.close_file(file, name); !closed) return closed;
    state_->closed.push_back(WrittenFile{written.name, written.bytes, written.sha256});
    return ok_status();
}

Status StickSink::finish(const std::string& manifest_bytes) {
    if (!state_->open.empty()) {
        return Error{"The export came to its manifest with " + state_->open.begin()->second.name +
                     " still open (a bug: please report it)."};
    }
    if (state_->before_verify) state_->before_verify(state_->folder.path());
    for (const WrittenFile& file : state_->closed) {
        auto verified = state_->folder.verify(file);
        if (!verified) return verified.error();
        state_->checked.push_back(std::move(verified).value());
    }
    // INVARIANT: manifest.json exists only in a folder whose every other file was read back and
    // matched. It is written last, and removed again if it does not read back itself.
    auto fd = state_->folder.open_file(manifest_name);
    if (!fd) return fd.error();
    if (Status written = state_->folder.append(*fd, manifest_name, manifest_bytes); !written)
        return written;
    if (Status closed = state_->folder.close_file(*fd, manifest_name); !closed) return closed;
    auto verified = state_->folder.verify(
        WrittenFile{manifest_name, manifest_bytes.size(), sha256_hex(manifest_bytes)});
    if (!verified) return verified.error();
    state_->checked.push_back(std::move(verified).value());
    state_->folder.finish();
    return ok_status();
}

// [SECTION] write_export -------------------------------------------------------------------

Result<ExportReport> write_export(const ExportPlan& plan, const fs::path& destination,
                                  const BeforeVerifyHook& before_verify) {
    if (plan.files.empty() || plan.files.back().name != manifest_name) {
        return Error{
            "The export plan has no manifest.json as its last file (a bug: please "
            "report it)."};
    }
    if (auto checked = check_fat_file(plan.folder_name, 0); !checked) return checked.error();
    std::uint64_t total_bytes = 0;
    for (const ExportFile& file : plan.files) {
        if (auto checked = check_fat_file(file.name, file.bytes.size()); !checked)
            return checked.error();
        total_bytes += file.bytes.size();
    }
    if (auto checked = check_destination(destination, total_bytes, plan.files.size()); !checked)
        return checked.error();

    StickSink sink(destination, before_verify);
    if (Status begun =
            sink.begin(ExportStart{plan.folder_name, 0, plan.response_count, plan.damaged_count});
        !begun)
        return begun.error();
    for (std::size_t i = 0; i + 1 < plan.files.size(); ++i) {
        const ExportFile& file = plan.files[i];
        auto fd = sink.open_file(file.name);
        if (!fd) return fd.error();
        if (Status written = sink.append(*fd, file.bytes); !written) return written.error();
        const SunkFile facts{file.name, file.bytes.size(), sha256_hex(file.bytes)};
        if (Status closed = sink.close_file(*fd, facts); !closed) return closed.error();
    }
    if (Status finished = sink.finish(plan.files.back().bytes); !finished) return finished.error();
    ExportReport report;
    report.folder = sink.folder();
    report.response_count = plan.response_count;
    report.files = sink.checked_files();
    return report;
}

}  // namespace standpoint::app
