// The staff screen's export to a USB stick (docs/export.md), as one blocking function the
// controller runs on a thread of its own: never on the frame thread, and the writing never on the
// store's thread (a slow stick would hold up every resident's save).
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "kiosk/app/export_writer.hpp"
#include "kiosk/app/removable_drives.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/export/export_files.hpp"
#include "kiosk/store/store_worker.hpp"

namespace standpoint::app {

// Mounts `drive` if it is not (updating its mount_point), streams the export onto it
// (stream_export into a StickSink, which reads every file back) reading the store a chunk at a
// time on the store's thread, then records
// the export on the store's thread, so the exported responses count as exported only once the
// stick holds them verified. `progress` gets a sentence before each step. The StoreWorker must
// outlive the call.
Result<ExportReport> export_to_drive(RemovableDrive& drive, const ExportOptions& options,
                                     StoreWorker& worker, const std::filesystem::path& scratch_dir,
                                     const std::function<void(const std::string&)>& progress);

// "KINGSTON" or the device; and "/dev/sdb1, vfat, 3.2 GB free of 8.0 GB" in words.
std::string drive_title(const RemovableDrive& drive);
std::string drive_detail(const RemovableDrive& drive);

}  // namespace standpoint::app
