// Removable drives: found from the kernel's own files, mounted and removed through udisksctl.
//
// Index:
//   [SECTION] Pure parsers       - /proc/mounts, partition names, udev properties, udisksctl output
//   [SECTION] Finding drives     - sysfs: which disks are removable or on a USB bus
//   [SECTION] udisksctl          - posix_spawnp with a timeout; mount, unmount, power off
#include "kiosk/app/removable_drives.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

extern char** environ;

namespace standpoint::app {

namespace fs = std::filesystem;

// [SECTION] Pure parsers ---------------------------------------------------------------------

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// /proc/mounts writes space, tab, newline and backslash in paths as \040, \011, \012, \134.
std::string decode_octal_escapes(const std::string& field) {
    std::string decoded;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' &&
            field[i + 1] <= '3' && field[i + 2] >= '0' && field[i + 2] <= '7' &&
            field[i + 3] >= '0' && field[i + 3] <= '7') {
            decoded += static_cast<char>((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 +
                                         (field[i + 3] - '0'));
            i += 3;
        } else {
            decoded += field[i];
        }
    }
    return decoded;
}

// udev writes unsafe bytes of labels as \xNN (ID_FS_LABEL_ENC=MY\x20STICK).
std::string decode_hex_escapes(const std::string& text) {
    std::string decoded;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x' &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 3]))) {
            decoded += static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16));
            i += 3;
        } else {
            decoded += text[i];
        }
    }
    return decoded;
}

// "E:KEY=VALUE" lines of a udev database file.
std::map<std::string, std::string> parse_udev_properties(const std::string& text) {
    std::map<std::string, std::string> properties;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("E:", 0) != 0) continue;
        const auto equals = line.find('=');
        if (equals == std::string::npos) continue;
        properties[line.substr(2, equals - 2)] = line.substr(equals + 1);
    }
    return properties;
}

bool has_option(const std::string& options, const std::string& wanted) {
    std::istringstream fields(options);
    std::string option;
    while (std::getline(fields, option, ','))
        if (option == wanted) return true;
    return false;
}

}  // namespace

std::vector<MountLine> parse_proc_mounts(const std::string& text) {
    std::vector<MountLine> mounts;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        MountLine mount;
        if (!(fields >> mount.device >> mount.mount_point >> mount.filesystem >> mount.options))
            continue;  // a short or empty line: not a mount
        mount.device = decode_octal_escapes(mount.device);
        mount.mount_point = decode_octal_escapes(mount.mount_point);
        mounts.push_back(std::move(mount));
    }
    return mounts;
}

std::string disk_of_partition(const std::string& name) {
    std::size_t end = name.size();
    while (end > 0 && is_digit(name[end - 1])) --end;
    if (end == name.size() || end == 0) return name;  // no number at the end: a whole disk
    // mmcblk0p1, nvme0n1p2, loop0p1: the disk's own name ends in a digit, so "p" separates the
    // partition number. mmcblk0 or nvme0n1 alone is the whole disk.
    if (name[end - 1] == 'p' && end >= 2 && is_digit(name[end - 2])) return name.substr(0, end - 1);
    for (const char* numbered : {"mmcblk", "nvme", "loop", "nbd", "md"})
        if (name.rfind(numbered, 0) == 0) return name;
    return name.substr(0, end);  // sdb1 -> sdb, vdc3 -> vdc
}

std::optional<fs::path> parse_udisksctl_mounted(const std::string& output) {
    const auto at = output.find(" at ");
    if (output.rfind("Mounted ", 0) != 0 || at == std::string::npos) return std::nullopt;
    std::string path = output.substr(at + 4);
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
    if (!path.empty() && path.back() == '.') path.pop_back();  // udisks 2.9 ends with a full stop
    if (path.empty() || path.front() != '/') return std::nullopt;
    return fs::path(path);
}

// [SECTION] Finding drives -------------------------------------------------------------------

namespace {

std::string read_small_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

// One block device as sysfs shows it: its folder under /sys/devices and its disk's folder (the
// same for a whole disk, the parent for a partition).
struct BlockDevice {
    std::string name;
    fs::path folder;
    fs::path disk_folder;
};

std::optional<BlockDevice> find_block_device(const DriveSources& sources, const std::string& name) {
    std::error_code error;
    const fs::path folder = fs::canonical(sources.sys_class_block / name, error);
    if (error) return std::nullopt;
    const bool is_partition = fs::exists(folder / "partition", error);
    return BlockDevice{name, folder, is_partition ? folder.parent_path() : folder};
}

bool is_removable(const BlockDevice& device) {
    if (read_small_file(device.disk_folder / "removable") == "1") return true;
    // Many USB sticks and card readers say removable=0; their device path runs through the
    // USB bus (.../usb1/1-1/1-1:1.0/host6/.../block/sdb).
    return device.disk_folder.string().find("/usb") != std::string::npos;
}

std::map<std::string, std::string> udev_properties(const DriveSources& sources,
                                                   const BlockDevice& device) {
    const std::string numbers = read_small_file(device.folder / "dev");  // "8:17"
    if (numbers.empty()) return {};
    return parse_udev_properties(read_small_file(sources.udev_data / ("b" + numbers)));
}

// The kernel's name of the device a mount line names: /dev/sdb1 -> sdb1, following symlinks
// such as /dev/disk/by-uuid/... when they exist on this machine.
std::string kernel_name(const std::string& device) {
    char resolved[PATH_MAX];
    if (::realpath(device.c_str(), resolved) != nullptr)
        return fs::path(resolved).filename().string();
    return fs::path(device).filename().string();
}

RemovableDrive describe(const BlockDevice& device, const std::map<std::string, std::string>& udev) {
    RemovableDrive drive;
    drive.device = "/dev/" + device.name;
    if (auto label = udev.find("ID_FS_LABEL_ENC"); label != udev.end())
        drive.label = decode_hex_escapes(label->second);
    else if (auto plain = udev.find("ID_FS_LABEL"); plain != udev.end())
        drive.label = plain->second;
    if (auto type = udev.find("ID_FS_TYPE"); type != udev.end()) drive.filesystem = type->second;
    const std::string sectors = read_small_file(device.folder / "size");  // 512-byte units
    if (!sectors.empty()) drive.size_bytes = std::strtoull(sectors.c_str(), nullptr, 10) * 512;
    return drive;
}

}  // namespace

std::vector<RemovableDrive> list_removable_drives(const DriveSources& sources) {
    std::vector<RemovableDrive> drives;
    std::vector<std::string> mounted_names;
    for (const MountLine& mount : parse_proc_mounts(read_small_file(sources.proc_mounts))) {
        if (mount.device.rfind("/dev/", 0) != 0) continue;
        const std::string name = kernel_name(mount.device);
        if (std::find(mounted_names.begin(), mounted_names.end(), name) != mounted_names.end())
            continue;  // the same device mounted twice: the first mount point is enough
        const auto device = find_block_device(sources, name);
        if (!device || !is_removable(*device)) continue;
        mounted_names.push_back(name);
        RemovableDrive drive = describe(*device, udev_properties(sources, *device));
        drive.filesystem = mount.filesystem;
        drive.mount_point = mount.mount_point;
        drive.is_read_only = has_option(mount.options, "ro");
        struct statvfs space {};
        if (::statvfs(mount.mount_point.c_str(), &space) == 0) {
            drive.free_bytes = static_cast<std::uint64_t>(space.f_bavail) * space.f_frsize;
            drive.size_bytes = static_cast<std::uint64_t>(space.f_blocks) * space.f_frsize;
            drive.is_read_only = drive.is_read_only || (space.f_flag & ST_RDONLY) != 0;
        }
        drives.push_back(std::move(drive));
    }

    // Unmounted filesystems on removable disks, as udev knows them (the kiosk's session has no
    // automounter, so a stick just plugged in shows up here first).
    std::error_code error;
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(sources.sys_class_block, error))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
        if (std::find(mounted_names.begin(), mounted_names.end(), name) != mounted_names.end())
            continue;
        const auto device = find_block_device(sources, name);
        if (!device || !is_removable(*device)) continue;
        const auto udev = udev_properties(sources, *device);
        const auto usage = udev.find("ID_FS_USAGE");
        if (usage == udev.end() || usage->second != "filesystem") continue;
        drives.push_back(describe(*device, udev));
    }
    return drives;
}

// [SECTION] udisksctl ------------------------------------------------------------------------

namespace {

// A pipe whose ends close themselves.
struct Pipe {
    int read_end = -1;
    int write_end = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) == 0) {
            read_end = fds[0];
            write_end = fds[1];
        }
    }
    ~Pipe() {
        if (read_end >= 0) ::close(read_end);
        if (write_end >= 0) ::close(write_end);
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    void close_write() {
        if (write_end >= 0) ::close(write_end);
        write_end = -1;
    }
};

std::string joined(const std::vector<std::string>& args) {
    std::string text = "udisksctl";
    for (const std::string& arg : args) text += " " + arg;
    return text;
}

}  // namespace

Result<std::string> run_udisksctl(const std::vector<std::string>& args,
                                  std::chrono::milliseconds timeout) {
    Pipe out;
    Pipe err;
    if (out.read_end < 0 || err.read_end < 0)
        return Error{"The kiosk could not start udisksctl (no pipe: " +
                     std::string(std::strerror(errno)) + ")."};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out.write_end, 1);
    posix_spawn_file_actions_adddup2(&actions, err.write_end, 2);

    std::vector<std::string> argv_text = {"udisksctl"};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : argv_text) argv.push_back(arg.data());
    argv.push_back(nullptr);

    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, "udisksctl", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned == ENOENT) {
        return Error{
            "udisksctl is not installed on this kiosk, so it cannot mount or safely "
            "remove USB sticks: install udisks2 (apt-get install udisks2)."};
    }
    if (spawned != 0) {
        return Error{"The kiosk could not start udisksctl (" + std::string(std::strerror(spawned)) +
                     ")."};
    }
    out.close_write();
    err.close_write();

    // Both pipes are read until the tool closes them, or until the deadline.
    std::string stdout_text;
    std::string stderr_text;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool is_out_open = true;
    bool is_err_open = true;
    bool timed_out = false;
    while (is_out_open || is_err_open) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd fds[2] = {{is_out_open ? out.read_end : -1, POLLIN, 0},
                         {is_err_open ? err.read_end : -1, POLLIN, 0}};
        const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            char buffer[4096];
            const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
            if (got > 0) {
                (i == 0 ? stdout_text : stderr_text).append(buffer, static_cast<std::size_t>(got));
            } else if (got == 0 || errno != EINTR) {
                (i == 0 ? is_out_open : is_err_open) = false;
            }
        }
    }
    // A tool that closed its output may still be running: it gets the rest of the same deadline.
    int status = 0;
    while (!timed_out) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid || (done < 0 && errno != EINTR)) break;
        if (std::chrono::steady_clock::now() >= deadline)
            timed_out = true;
        else
            ::usleep(10000);
    }
    if (timed_out) {
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    while (!stderr_text.empty() && (stderr_text.back() == '\n' || stderr_text.back() == ' '))
        stderr_text.pop_back();
    if (timed_out) {
        return Error{"`" + joined(args) + "` did not finish within " +
                     std::to_string(timeout.count() / 1000) +
                     " s and was stopped. The stick may be failing; pull it out and try another. " +
                     (stderr_text.empty() ? "" : "[" + stderr_text + "]")};
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string how = WIFEXITED(status)
                                    ? "exit status " + std::to_string(WEXITSTATUS(status))
                                    : "signal " + std::to_string(WTERMSIG(status));
        return Error{"`" + joined(args) + "` failed (" + how +
                     "): " + (stderr_text.empty() ? std::string("it said nothing") : stderr_text)};
    }
    return stdout_text;
}

namespace {
constexpr std::chrono::milliseconds udisks_timeout{30000};
}

Result<fs::path> mount_drive(const RemovableDrive& drive) {
    if (!drive.mount_point.empty()) return drive.mount_point;
    auto output =
        run_udisksctl({"mount", "-b", drive.device, "--no-user-interaction"}, udisks_timeout);
    if (!output) {
        return Error{"The stick " + drive.device +
                     " could not be opened (mounted): " + output.error().message};
    }
    auto mount_point = parse_udisksctl_mounted(*output);
    if (!mount_point) {
        return Error{"The stick " + drive.device +
                     " was mounted, but udisksctl did not say where (it said \"" + *output +
                     "\"). Pull the stick out, put it back and try again."};
    }
    return *mount_point;
}

Status safely_remove(const RemovableDrive& drive) {
    // Unmounting writes out everything still cached: once it returned, the stick may be pulled.
    if (!drive.mount_point.empty()) {
        auto unmounted =
            run_udisksctl({"unmount", "-b", drive.device, "--no-user-interaction"}, udisks_timeout);
        if (!unmounted) {
            return Error{"The stick " + drive.device +
                         " could not be unmounted, so it is NOT yet safe to remove: " +
                         unmounted.error().message};
        }
    }
    // Powering off only stops the stick's light; a drive that refuses it (a card reader) is
    // already safe to pull, so that failure is not reported as unsafe.
    (void)run_udisksctl({"power-off", "-b", drive.device, "--no-user-interaction"}, udisks_timeout);
    return ok_status();
}

}  // namespace standpoint::app
