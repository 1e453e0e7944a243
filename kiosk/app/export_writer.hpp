// Writes an ExportPlan to a folder (a USB stick) so that what looks complete is complete
// (docs/usb-sticks.md): every file under a temporary name, fsync'd, renamed,
// the folder fsync'd; then every file read back and checked against its SHA-256; manifest.json
// last. A full, read-only or pulled stick gives a clear Error and leaves no manifest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/export/export_files.hpp"
#include "kiosk/export/export_stream.hpp"

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

// The export streamed onto a stick (kiosk/export/export_stream.hpp): begin() checks the
// destination (a folder, writable, room for the estimate) and makes a new folder under it
// (name-2, name-3... if it exists: an export never overwrites another); each file goes to
// ".<name>.partial" as its pieces come, then fsync, close, rename, fsync of the folder. finish()
// reads every file back and compares its size and SHA-256 with those computed while it was
// written, then writes manifest.json the same way and reads it back. Destroyed unfinished (any
// Error, a stick pulled out), it removes what it made: never a manifest.json.
class StickSink final : public ExportSink {
public:
    // `before_begin` (if given) may refuse the export before anything is written.
    using BeforeBegin = std::function<Status(const ExportStart&)>;
    explicit StickSink(std::filesystem::path destination, BeforeVerifyHook before_verify = {},
                       BeforeBegin before_begin = {});
    ~StickSink() override;
    Status begin(const ExportStart& start) override;
    Result<int> open_file(const std::string& name) override;
    Status append(int file, std::string_view bytes) override;
    Status close_file(int file, const SunkFile& written) override;
    Status finish(const std::string& manifest_bytes) override;

    const std::filesystem::path& folder() const;
    // After finish(): every file as read back, manifest.json last.
    const std::vector<WrittenFile>& checked_files() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Writes `plan` into `destination`/plan.folder_name (a new folder; if that name exists, "-2",
// "-3"... is added: an export never overwrites another). Checks free space first.
Result<ExportReport> write_export(const ExportPlan& plan, const std::filesystem::path& destination,
                                  const BeforeVerifyHook& before_verify = {});

}  // namespace standpoint::app
