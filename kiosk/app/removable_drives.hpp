// Removable drives (USB sticks) for the export: found from /proc/mounts and
// /sys/block/<disk>/removable (plus the USB bus in the device path), mounted, unmounted and
// powered off through udisks2 (`udisksctl ... --no-user-interaction`, posix_spawn, no shell).
// Parsing is pure and tested on text; the rest is thin I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint::app {

struct RemovableDrive {
    std::string device;                 // "/dev/sdb1"
    std::string label;                  // filesystem label, or "" if none
    std::string filesystem;             // "vfat", "exfat", ...
    std::filesystem::path mount_point;  // empty: not mounted
    std::uint64_t free_bytes = 0;       // when mounted
    std::uint64_t size_bytes = 0;
    bool is_read_only = false;
};

// Where the kernel and udev say what is plugged in. The defaults are the real ones; tests point
// them at a fake tree of files and symlinks shaped like sysfs.
struct DriveSources {
    std::filesystem::path proc_mounts = "/proc/mounts";
    std::filesystem::path sys_class_block = "/sys/class/block";  // name -> ../../devices/.../name
    std::filesystem::path udev_data = "/run/udev/data";          // b<major>:<minor>: ID_FS_*
};

// Filesystems on removable block devices, now: a disk whose sysfs `removable` is 1 or whose
// device path runs through a USB bus. Mounted ones first (with free space from statvfs), then
// unmounted filesystems udev knows of (mount_point empty; mount_drive mounts them). Never blocks
// on a slow device for long (statvfs only on the mount points found). Call off the frame loop.
std::vector<RemovableDrive> list_removable_drives(const DriveSources& sources = {});

// udisks2: mounts an unmounted drive (the kiosk's session has nothing that automounts) and
// returns the mount point; unmounts and powers off so staff may pull it out.
Result<std::filesystem::path> mount_drive(const RemovableDrive& drive);
Status safely_remove(const RemovableDrive& drive);

// Pure parts, for tests: the fields of /proc/mounts lines (octal escapes decoded), and the disk a
// partition belongs to ("sdb1" -> "sdb", "mmcblk0p1" -> "mmcblk0", "nvme0n1p2" -> "nvme0n1").
struct MountLine {
    std::string device;
    std::string mount_point;
    std::string filesystem;
    std::string options;
};
std::vector<MountLine> parse_proc_mounts(const std::string& text);
std::string disk_of_partition(const std::string& name);
// The mount point in udisksctl's answer "Mounted /dev/sdb1 at /media/kiosk/STICK.\n".
std::optional<std::filesystem::path> parse_udisksctl_mounted(const std::string& output);

// Runs `udisksctl ARGS...` (posix_spawnp, no shell, stdin from /dev/null) and returns its
// standard output, or an Error with its exit status and standard error; killed after `timeout`.
// No udisksctl on the PATH: an Error saying to install udisks2.
Result<std::string> run_udisksctl(const std::vector<std::string>& args,
                                  std::chrono::milliseconds timeout);

}  // namespace standpoint::app
