#include "kiosk/core/random_bytes.hpp"
#include "kiosk/core/local_time.hpp"
#include "kiosk/app/staff_export.hpp"

#include <exception>
#include <future>

#include "kiosk/app/device_key.hpp"
#include "kiosk/app/export_command.hpp"
#include "kiosk/app/kiosk_shell.hpp"
#include "kiosk/app/staff_words.hpp"
#include "kiosk/app/store_advice.hpp"
#include "kiosk/app/store_export_rows.hpp"

namespace standpoint::app {
namespace {

// Runs `job` on the store's thread and waits for it: the worker answers every job.
template <class T>
Result<T> on_store(StoreWorker& worker, std::function<Result<T>(ResponseStore&)> job) {
    return worker.run_on_store<T>(std::move(job)).get();
}

}  // namespace

Result<ExportReport> export_to_drive(RemovableDrive& drive, const ExportOptions& chosen,
                                     StoreWorker& worker, const std::filesystem::path& scratch_dir,
                                     const std::function<void(const std::string&)>& progress) {
    if (drive.mount_point.empty()) {
        progress("Opening the stick...");
        Result<std::filesystem::path> mounted = mount_drive(drive);
        if (!mounted) return mounted.error();
        drive.mount_point = *mounted;
    }
    // Signed with the kiosk's key (kept in the data folder, which holds the scratch folder).
    ExportOptions options = chosen;
    if (Status keys = add_export_keys(options, scratch_dir.parent_path(), drive.mount_point); !keys)
        return keys.error();
    auto filter = store_filter_for(options);
    if (!filter) return filter.error();
    Result<ExportContext> context = on_store<ExportContext>(
        worker, [](ResponseStore& store) { return read_export_context(store); });
    if (!context) return context.error();

    // The same pipeline as `standpoint export`: the store read a chunk at a time on its own
    // thread (residents' saves go in between), each file streamed onto the stick from here,
    // hashed while written and read back before the manifest.
    progress("Writing the responses to the stick and checking them...");
    StoreRows rows([&worker, &filter](std::int64_t after_seq, int limit) {
        return on_store<std::vector<StoredResponse>>(worker, [&](ResponseStore& store) {
            return store.export_rows_after(*filter, after_seq, limit);
        });
    });
    StickSink sink(drive.mount_point);
    Result<ExportOutcome> outcome = stream_export(rows, *context, options, scratch_dir, sink);
    if (!outcome) return outcome.error();
    ExportReport report{sink.folder(), sink.checked_files(), outcome->response_count};

    progress("Recording the export...");
    ExportRecord record;
    record.export_id = new_uuid_v7();  // a UUIDv7 like any other id the kiosk makes
    record.folder = report.folder.string();
    record.at = Clock::now();
    record.response_count = report.response_count;
    Result<Done> recorded = on_store<Done>(worker, [&](ResponseStore& store) {
        return store.record_export(record, outcome->response_ids);
    });
    if (!recorded)
        return Error{
            "The export on the stick is complete and checked, but the kiosk could not "
            "note it, so these responses still count as not exported: " +
            store_problem_in_words(recorded.error())};
    return report;
}

std::string drive_title(const RemovableDrive& drive) {
    return drive.label.empty() ? "USB stick " + drive.device : "USB stick " + drive.label;
}

std::string drive_detail(const RemovableDrive& drive) {
    std::string detail = drive.device;
    if (!drive.filesystem.empty()) detail += ", " + drive.filesystem;
    if (drive.mount_point.empty())
        detail += ", not opened yet (the kiosk opens it)";
    else
        detail += ", " + bytes_in_words(drive.free_bytes) + " free of " +
                  bytes_in_words(drive.size_bytes);
    if (drive.is_read_only) detail += ". READ-ONLY: it cannot be written to";
    return detail;
}

}  // namespace standpoint::app
