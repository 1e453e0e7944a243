// The staff screen's export: listing sticks, the export on its own thread, safely remove.
#include "kiosk/app/staff_controller_impl.hpp"
#include "kiosk/app/staff_export.hpp"
#include "kiosk/shell/event_rule.hpp"

namespace standpoint::app {

void StaffController::Impl::list_drives() {
    if (model.is_listing_drives || model.is_exporting) return;
    model.is_listing_drives = true;
    run_elsewhere([this, mailbox = mailbox, lister = context.list_drives] {
        std::vector<RemovableDrive> found = find_drives(lister);
        mailbox->post([this, found] {
            model.is_listing_drives = false;
            drives = found;
            model.drives.clear();
            for (const RemovableDrive& drive : drives)
                model.drives.push_back(ui::StaffChoice{drive_title(drive), drive_detail(drive)});
        });
    });
}

void StaffController::Impl::export_to(std::size_t index, TimePoint now) {
    if (index >= drives.size() || model.is_exporting || model.is_listing_drives) return;
    model.export_problem.clear();
    model.take_out_message.clear();
    model.can_safely_remove = false;
    if (context.worker == nullptr) {
        model.export_problem = no_store_words();
        return;
    }
    if (drives[index].is_read_only) {
        model.export_problem = drive_title(drives[index]) +
                               " is read-only (its lock switch, or a damaged stick): nothing can "
                               "be written to it. Use another stick.";
        return;
    }
    model.is_exporting = true;
    model.export_progress = "Starting...";
    ExportOptions options;
    options.event_id = event_id(now);
    options.named_event_id = state.event_id;  // summary.html names the event as staff set it
    options.event_name = state.event_name;
    options.venue = state.venue;
    options.report_language = "en";
    options.include_personal = model.include_personal;
    run_elsewhere([this, mailbox = mailbox, drive = drives[index], options, worker = context.worker,
                   scratch = context.data_dir / "export-scratch"]() mutable {
        auto progress = [&](const std::string& words) {
            mailbox->post([this, words] { model.export_progress = words; }, false);
        };
        Result<ExportReport> report = export_to_drive(drive, options, *worker, scratch, progress);
        mailbox->post([this, report, drive, sealed = options.include_personal] {
            model.is_exporting = false;
            if (!report.ok()) {
                model.export_progress = "The export did not finish.";
                model.export_problem = report.error().message +
                                       " Nothing on the stick counts as a finished export. Fix "
                                       "this and choose the stick again to try again.";
                return;
            }
            written_drive = drive;
            model.can_safely_remove = true;
            model.export_progress =
                "Written and checked: " + std::to_string(report->response_count) +
                " responses in the folder " + report->folder.filename().string() + " (" +
                std::to_string(report->files.size()) + " files)" +
                (sealed ? ", personal data sealed for the collector" : "") +
                ". Tap Safely remove before you take the stick out.";
            model.include_personal = false;  // a choice for one export
            read_only_here();                // exported now: fewer with no copy elsewhere
        });
    });
}

void StaffController::Impl::safely_remove_drive() {
    if (!written_drive || model.is_exporting) return;
    model.is_exporting = true;
    model.export_problem.clear();
    model.export_progress = "Finishing writing and closing the stick...";
    run_elsewhere([this, mailbox = mailbox, drive = *written_drive] {
        const Status removed = safely_remove(drive);
        mailbox->post([this, removed] {
            model.is_exporting = false;
            if (!removed.ok()) {
                model.export_problem = removed.error().message;
                model.export_progress = "Do not take the stick out yet.";
                return;  // Safely remove stays offered: staff may try again
            }
            written_drive.reset();
            model.can_safely_remove = false;
            model.export_progress.clear();
            model.take_out_message = "You can take the stick out now.";
            drives.clear();
            model.drives.clear();
        });
    });
}

}  // namespace standpoint::app
