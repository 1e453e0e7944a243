#include "kiosk/app/kiosk_state.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "kiosk/app/app_files.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint::app {
namespace fs = std::filesystem;
namespace {

constexpr const char* state_file_name = "kiosk-state.json";
constexpr const char* running_file_name = "running";
constexpr std::size_t max_state_file_bytes = 64 * 1024;

std::string errno_text() { return std::strerror(errno); }

// An fd closed on every path out.
class FileHandle {
public:
    explicit FileHandle(int fd) : fd_(fd) {}
    ~FileHandle() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;
    int get() const { return fd_; }
    int release() {
        const int fd = fd_;
        fd_ = -1;
        return fd;
    }

private:
    int fd_;
};

Status write_all(int fd, const std::string& bytes, const fs::path& path) {
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return Error{"Cannot write " + path.string() + ": " + errno_text() +
                         ". Check that the disk is not full."};
        written += static_cast<std::size_t>(n);
    }
    return ok_status();
}

// A rename is only durable once the folder that holds the name is synced too.
Status sync_folder(const fs::path& folder) {
    FileHandle dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || ::fsync(dir.get()) != 0)
        return Error{"Cannot sync the folder " + folder.string() + ": " + errno_text() + "."};
    return ok_status();
}

template <class T>
void read_field(const nlohmann::json& json, const char* key, T& into) {
    if (const auto found = json.find(key); found != json.end()) into = found->get<T>();
}

}  // namespace

Result<KioskState> load_kiosk_state(const fs::path& data_dir) {
    const fs::path path = data_dir / state_file_name;
    std::error_code error;
    if (!fs::exists(path, error)) return KioskState{};
    Result<std::string> bytes = read_file_capped(path, max_state_file_bytes);
    if (!bytes) return bytes.error();
    const std::string fix =
        " Fix the file, or delete it to start afresh (the event, survey and "
        "staff PIN are then forgotten: set the PIN again with "
        "`standpoint set-pin`).";
    KioskState state;
    try {
        const nlohmann::json json = nlohmann::json::parse(*bytes);
        if (!json.is_object())
            return Error{"The kiosk state file " + path.string() +
                         " is damaged: it is not a JSON "
                         "object." +
                         fix};
        read_field(json, "event_id", state.event_id);
        read_field(json, "event_name", state.event_name);
        read_field(json, "venue", state.venue);
        read_field(json, "survey_path", state.survey_path);
        read_field(json, "is_paused", state.is_paused);
        read_field(json, "pin_hash", state.pin_hash);
        read_field(json, "failed_pin_attempts", state.failed_pin_attempts);
        read_field(json, "pin_locked_until_ms", state.pin_locked_until_ms);
    } catch (const nlohmann::json::exception& damaged) {
        return Error{"The kiosk state file " + path.string() + " is damaged (" + damaged.what() +
                     ")." + fix};
    }
    if (state.failed_pin_attempts < 0)
        return Error{"The kiosk state file " + path.string() +
                     " is damaged: failed_pin_attempts is negative." + fix};
    return state;
}

Status save_kiosk_state(const fs::path& data_dir, const KioskState& state) {
    if (Status made = make_data_dir(data_dir); !made) return made;  // 0700, as the store makes it
    const nlohmann::json json = {
        {"event_id", state.event_id},
        {"event_name", state.event_name},
        {"venue", state.venue},
        {"survey_path", state.survey_path},
        {"is_paused", state.is_paused},
        {"pin_hash", state.pin_hash},
        {"failed_pin_attempts", state.failed_pin_attempts},
        {"pin_locked_until_ms", state.pin_locked_until_ms},
    };
    const std::string bytes = json.dump(2) + "\n";
    const fs::path path = data_dir / state_file_name;
    // A fixed temporary name: a crash can leave it behind, and the next save replaces it.
    const fs::path temporary = data_dir / (std::string(state_file_name) + ".new");
    {
        FileHandle file(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
        if (file.get() < 0)
            return Error{"Cannot write " + temporary.string() + ": " + errno_text() +
                         ". Check that the data folder is writable."};
        ::fchmod(file.get(), 0600);  // an old file of another mode keeps it through O_TRUNC
        if (Status written = write_all(file.get(), bytes, temporary); !written) return written;
        if (::fsync(file.get()) != 0)
            return Error{"Cannot flush " + temporary.string() + " to disk: " + errno_text() + "."};
        if (::close(file.release()) != 0)
            return Error{"Cannot write " + temporary.string() + ": " + errno_text() + "."};
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0)
        return Error{"Cannot replace " + path.string() + ": " + errno_text() + "."};
    return sync_folder(data_dir);
}

Result<bool> mark_running(const fs::path& data_dir) {
    std::error_code error;
    static_cast<void>(make_data_dir(data_dir));  // 0700; a failure shows in the open below
    const fs::path path = data_dir / running_file_name;
    const bool was_running = fs::exists(path, error);
    FileHandle file(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    if (file.get() < 0)
        return Error{"Cannot create " + path.string() + ": " + errno_text() +
                     ". Check that the data folder is writable."};
    ::fsync(file.get());
    (void)sync_folder(data_dir);  // a marker lost to a power cut only hides one crash report
    return was_running;
}

void mark_stopped(const fs::path& data_dir) {
    std::error_code error;
    fs::remove(data_dir / running_file_name, error);
    (void)sync_folder(data_dir);
}

}  // namespace standpoint::app
