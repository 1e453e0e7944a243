// Removable drives: the parsers on text, the finder on a fake sysfs tree built of real files and
// symlinks (this machine has no USB stick), and udisksctl as a real process (a stand-in script on
// the PATH that answers like udisks 2.9, fails, hangs, or is not there).
#include "kiosk/app/removable_drives.hpp"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "tests/store/store_test_support.hpp"

namespace fs = std::filesystem;
using namespace standpoint;
using namespace standpoint::app;
using standpoint::test::TempDir;

namespace {

void write_text(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A block device in the fake tree: its folder under devices/ and the class/block symlink.
void add_block(const fs::path& sys, const std::string& devices_path, const std::string& name,
               const std::string& numbers, const std::string& removable = "",
               bool is_partition = false) {
    const fs::path folder = sys / "devices" / devices_path;
    write_text(folder / "dev", numbers + "\n");
    write_text(folder / "size", "15728640\n");  // 8 GB in 512-byte sectors
    if (!removable.empty()) write_text(folder / "removable", removable + "\n");
    if (is_partition) write_text(folder / "partition", "1\n");
    fs::create_directories(sys / "class" / "block");
    fs::create_symlink(fs::path("../../devices") / devices_path, sys / "class" / "block" / name);
}

// Puts a stand-in `udisksctl` first on the PATH for the life of the object.
class FakeUdisksctl {
public:
    FakeUdisksctl(const fs::path& folder, const std::string& script) : log_(folder / "calls.log") {
        fs::create_directories(folder);
        if (!script.empty()) {
            write_text(folder / "udisksctl",
                       "#!/bin/sh\necho \"$*\" >>'" + log_.string() + "'\n" + script);
            fs::permissions(folder / "udisksctl", fs::perms::owner_all);
        }
        const char* path = std::getenv("PATH");
        saved_path_ = path != nullptr ? path : "";
        // Without a script: a PATH with nothing on it, as on a kiosk without udisks2.
        const std::string new_path =
            script.empty() ? folder.string() : folder.string() + ":" + saved_path_;
        ::setenv("PATH", new_path.c_str(), 1);
    }
    ~FakeUdisksctl() { ::setenv("PATH", saved_path_.c_str(), 1); }
    FakeUdisksctl(const FakeUdisksctl&) = delete;
    FakeUdisksctl& operator=(const FakeUdisksctl&) = delete;
    std::string calls() const { return read_text(log_); }

private:
    fs::path log_;
    std::string saved_path_;
};

}  // namespace

TEST_CASE("/proc/mounts lines are split into fields with octal escapes decoded") {
    const auto mounts = parse_proc_mounts(
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        "/dev/sdb1 /media/kiosk/MY\\040STICK vfat rw,nosuid,uid=1000,shortname=mixed 0 0\n"
        "/dev/sdc1 /media/tab\\011and\\134back exfat ro 0 0\n"
        "short line\n"
        "\n");
    REQUIRE(mounts.size() == 3);
    CHECK(mounts[1].device == "/dev/sdb1");
    CHECK(mounts[1].mount_point == "/media/kiosk/MY STICK");
    CHECK(mounts[1].filesystem == "vfat");
    CHECK(mounts[1].options == "rw,nosuid,uid=1000,shortname=mixed");
    CHECK(mounts[2].mount_point == "/media/tab\tand\\back");
}

TEST_CASE("a partition's disk: sdb1 -> sdb, mmcblk0p1 -> mmcblk0, nvme0n1p2 -> nvme0n1") {
    CHECK(disk_of_partition("sdb1") == "sdb");
    CHECK(disk_of_partition("sdb") == "sdb");
    CHECK(disk_of_partition("sdaa12") == "sdaa");
    CHECK(disk_of_partition("mmcblk0p1") == "mmcblk0");
    CHECK(disk_of_partition("mmcblk0") == "mmcblk0");
    CHECK(disk_of_partition("nvme0n1p2") == "nvme0n1");
    CHECK(disk_of_partition("nvme0n1") == "nvme0n1");
    CHECK(disk_of_partition("loop0") == "loop0");
}

TEST_CASE("udisksctl's answer to mount gives the mount point") {
    CHECK(parse_udisksctl_mounted("Mounted /dev/sdb1 at /media/kiosk/STICK.\n") ==
          fs::path("/media/kiosk/STICK"));
    CHECK(parse_udisksctl_mounted("Mounted /dev/sdb1 at /media/kiosk/MY STICK\n") ==
          fs::path("/media/kiosk/MY STICK"));
    CHECK_FALSE(parse_udisksctl_mounted("Error mounting /dev/sdb1: wrong fs type").has_value());
    CHECK_FALSE(parse_udisksctl_mounted("").has_value());
}

TEST_CASE("only filesystems on removable or USB disks are listed, mounted ones with free space") {
    TempDir dir;
    const fs::path sys = dir.path() / "sys";
    const std::string usb =
        "pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb";
    add_block(sys, usb, "sdb", "8:16", "0");  // a stick that says removable=0: found by the bus
    add_block(sys, usb + "/sdb1", "sdb1", "8:17", "", true);
    const std::string sata = "pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda";
    add_block(sys, sata, "sda", "8:0", "0");  // the kiosk's own disk
    add_block(sys, sata + "/sda1", "sda1", "8:1", "", true);
    const std::string card = "platform/sdhci/mmc_host/mmc0/mmc0:0001/block/mmcblk0";
    add_block(sys, card, "mmcblk0", "179:0", "1");  // a card reader that says removable=1
    add_block(sys, card + "/mmcblk0p1", "mmcblk0p1", "179:1", "", true);
    const std::string usb2 =
        "pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host7/target7:0:0/7:0:0:0/block/sdc";
    add_block(sys, usb2, "sdc", "8:32", "1");  // plugged in, not mounted, whole-disk filesystem

    const fs::path udev = dir.path() / "udev";
    write_text(udev / "b8:17",
               "S:disk/by-label/MY\\x20STICK\nE:ID_FS_LABEL_ENC=MY\\x20STICK\n"
               "E:ID_FS_TYPE=vfat\nE:ID_FS_USAGE=filesystem\n");
    write_text(udev / "b8:32",
               "E:ID_FS_LABEL=SPARE\nE:ID_FS_TYPE=exfat\nE:ID_FS_USAGE=filesystem\n");

    // Real folders as mount points, so statvfs answers.
    const fs::path stick_mount = dir.path() / "media" / "MY STICK";
    const fs::path card_mount = dir.path() / "media" / "card";
    fs::create_directories(stick_mount);
    fs::create_directories(card_mount);
    write_text(dir.path() / "mounts",
               "/dev/sda1 / ext4 rw,relatime 0 0\n"
               "proc /proc proc rw 0 0\n"
               "/dev/sdb1 " +
                   (dir.path() / "media").string() +
                   "/MY\\040STICK vfat rw,uid=1000 0 0\n"
                   "/dev/sdb1 /elsewhere vfat rw 0 0\n"
                   "/dev/mmcblk0p1 " +
                   card_mount.string() + " vfat ro,nosuid 0 0\n");

    const auto drives =
        list_removable_drives(DriveSources{dir.path() / "mounts", sys / "class" / "block", udev});
    REQUIRE(drives.size() == 3);
    CHECK(drives[0].device == "/dev/sdb1");
    CHECK(drives[0].mount_point == stick_mount);
    CHECK(drives[0].label == "MY STICK");
    CHECK(drives[0].filesystem == "vfat");
    CHECK(drives[0].free_bytes > 0);
    CHECK(drives[0].size_bytes > 0);
    CHECK_FALSE(drives[0].is_read_only);
    CHECK(drives[1].device == "/dev/mmcblk0p1");
    CHECK(drives[1].is_read_only);
    CHECK(drives[2].device == "/dev/sdc");
    CHECK(drives[2].mount_point.empty());
    CHECK(drives[2].label == "SPARE");
    CHECK(drives[2].filesystem == "exfat");
    CHECK(drives[2].size_bytes == 15728640ULL * 512);
}

TEST_CASE("this machine's own drives can be listed without error") {
    // No assertion on what is found (a build machine has no stick): it must simply not fail or
    // list a device that is not under /dev.
    for (const RemovableDrive& drive : list_removable_drives())
        CHECK(drive.device.rfind("/dev/", 0) == 0);
}

TEST_CASE("mount_drive asks udisksctl without user interaction and returns where it mounted") {
    TempDir dir;
    FakeUdisksctl fake(dir.path() / "bin",
                       "[ \"$1\" = mount ] && echo \"Mounted $3 at /media/kiosk/STICK.\"\n");
    RemovableDrive drive;
    drive.device = "/dev/sdb1";
    const auto mounted = mount_drive(drive);
    REQUIRE_MESSAGE(mounted.ok(), (mounted.ok() ? "" : mounted.error().message));
    CHECK(*mounted == fs::path("/media/kiosk/STICK"));
    CHECK(fake.calls() == "mount -b /dev/sdb1 --no-user-interaction\n");
}

TEST_CASE("safely_remove unmounts, then powers the stick off") {
    TempDir dir;
    FakeUdisksctl fake(dir.path() / "bin", "exit 0\n");
    RemovableDrive drive;
    drive.device = "/dev/sdb1";
    drive.mount_point = "/media/kiosk/STICK";
    REQUIRE(safely_remove(drive).ok());
    CHECK(fake.calls() ==
          "unmount -b /dev/sdb1 --no-user-interaction\npower-off -b /dev/sdb1 "
          "--no-user-interaction\n");
}

TEST_CASE("a failing udisksctl: the Error carries its own words and says it is not safe yet") {
    TempDir dir;
    FakeUdisksctl fake(dir.path() / "bin",
                       "echo 'Error unmounting /dev/sdb1: target is busy' >&2\nexit 1\n");
    RemovableDrive drive;
    drive.device = "/dev/sdb1";
    drive.mount_point = "/media/kiosk/STICK";
    const Status removed = safely_remove(drive);
    REQUIRE_FALSE(removed.ok());
    CHECK(has(removed.error().message, "NOT yet safe to remove"));
    CHECK(has(removed.error().message, "target is busy"));
    CHECK(has(removed.error().message, "exit status 1"));
}

TEST_CASE("a udisksctl that hangs is stopped after the timeout") {
    TempDir dir;
    FakeUdisksctl fake(dir.path() / "bin", "exec sleep 30\n");
    const auto started = std::chrono::steady_clock::now();
    const auto output = run_udisksctl({"mount", "-b", "/dev/sdb1"}, std::chrono::milliseconds(300));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    REQUIRE_FALSE(output.ok());
    CHECK(has(output.error().message, "did not finish"));
}

TEST_CASE("without udisksctl the Error says to install udisks2") {
    TempDir dir;
    FakeUdisksctl nothing(dir.path() / "empty", "");
    RemovableDrive drive;
    drive.device = "/dev/sdb1";
    const auto mounted = mount_drive(drive);
    REQUIRE_FALSE(mounted.ok());
    CHECK(has(mounted.error().message, "install udisks2"));
}

TEST_CASE("a udisksctl that closes its output but keeps running is stopped at the timeout too") {
    TempDir dir;
    FakeUdisksctl fake(dir.path() / "bin", "exec >/dev/null 2>&1\nexec sleep 30\n");
    const auto started = std::chrono::steady_clock::now();
    const auto output =
        run_udisksctl({"unmount", "-b", "/dev/sdb1"}, std::chrono::milliseconds(300));
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    REQUIRE_FALSE(output.ok());
    CHECK(has(output.error().message, "did not finish"));
}
