// Writes an ExportPlan to a folder (a USB stick) so that what looks complete is complete
// (docs/usb-sticks.md): every file under a temporary name, fsync'd, renamed,
// the folder fsync'd; then every file read back and checked against its SHA-256; manifest.json
// last. A full, read-only or pulled stick gives a clear Error and leaves no manifest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/export/export_files.hpp"

namespace standpoint::app {

struct WrittenFile {
    std::string name;
    std::uint64_t bytes = 0;
    std::string sha256;
};

struct ExportReport {
    std::filesystem::path folder;  // the export folder itself
    std::vector<WrittenFile> files;
    std::int64_t response_count = 0;
};

// Test seam: called after the data files are written and before they are read back (a test
// deletes or truncates one here, as a stick pulled at the wrong moment would). Not used in the
// product.
using BeforeVerifyHook = std::function<void(const std::filesystem::path& folder)>;

// FAT32's limit: a file may have at most 4 GiB - 1 bytes.
inline constexpr std::uint64_t fat32_max_file_bytes = 4294967295ULL;

// Whether a file of this name and size can go on a FAT32/exFAT stick as written: the name is
// [A-Za-z0-9._-] (no leading '.' or '-', no trailing '.'), the size at most fat32_max_file_bytes.
// The Error says which rule and what to do. Pure; write_export checks every file with it first.
Status check_fat_file(const std::string& name, std::uint64_t size_bytes);

// Writes `plan` into `destination`/plan.folder_name (a new folder; if that name exists, "-2",
// "-3"... is added: an export never overwrites another). Checks free space first.
Result<ExportReport> write_export(const ExportPlan& plan, const std::filesystem::path& destination,
                                  const BeforeVerifyHook& before_verify = {});

}  // namespace standpoint::app
