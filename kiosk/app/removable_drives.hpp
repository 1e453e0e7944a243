// Removable drives (USB sticks) for the export: found from /proc/mounts and
// /sys/block/<disk>/removable (plus the USB bus in the device path), mounted, unmounted and
// powered off through udisks2 (`udisksctl ... --no-user-interaction`, posix_spawn, no shell).
// Parsing is pure and tested on text; the rest is thin I/O.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint::app {

struct RemovableDrive {
    std::string device;             // "/dev/sdb1"
    std::string label;              // filesystem label, or "" if none
    std::string filesystem;         // "vfat", "exfat", ...
    std::filesystem::path mount_point;  // empty: not mounted
    std::uint64_t free_bytes = 0;   // when mounted
    std::uint64_t size_bytes = 0;
    bool is_read_only = false;
};

// Mounted filesystems on removable block devices, now. Never blocks on a slow device for long
// (statvfs only on the mount points found). Call off the frame loop.
std::vector<RemovableDrive> list_removable_drives();

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

}  // namespace standpoint::app
