// `standpoint export`: the same steps as the staff screen's export, one after the other, with a
// short honest summary. The store has one writer: this opens the store itself, so it is for a
// data folder no running kiosk uses (staff use the staff screen otherwise; docs/usb-sticks.md).
#include "kiosk/app/export_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "kiosk/app/device_key.hpp"
#include "kiosk/app/export_writer.hpp"
#include "kiosk/app/frame_loop.hpp"
#include "kiosk/app/kiosk_state.hpp"
#include "kiosk/app/store_advice.hpp"
#include "kiosk/app/store_export_rows.hpp"
#include "kiosk/core/local_time.hpp"
#include "kiosk/core/random_bytes.hpp"

namespace standpoint::app {

namespace fs = std::filesystem;

namespace {

using Seconds = std::chrono::duration<double>;

std::string seconds_text(Seconds seconds) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", seconds.count());
    return text;
}

// Removes the scratch folder whatever happens after it was made.
struct ScratchDir {
    fs::path path;
    ~ScratchDir() {
        std::error_code error;
        if (!path.empty()) fs::remove_all(path, error);
    }
};

// Another process with the store file open, or 0. The store has one writer (docs/design.md:
// Debian's SQLite has the WAL-reset bug that needs two), so the CLI must not open a store a running
// kiosk holds. /proc/<pid>/fd shows every open file of the processes this user may see, which
// includes a kiosk running as the same user.
long process_holding(const fs::path& file) {
    std::error_code error;
    const fs::path target = fs::canonical(file, error);
    if (error) return 0;
    const std::string self = std::to_string(::getpid());
    for (const auto& process : fs::directory_iterator("/proc", error)) {
        const std::string pid = process.path().filename().string();
        if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos || pid == self)
            continue;
        std::error_code fd_error;
        for (const auto& fd : fs::directory_iterator(process.path() / "fd", fd_error)) {
            std::error_code link_error;
            if (fs::read_symlink(fd.path(), link_error) == target) return std::stol(pid);
        }
    }
    return 0;
}

}  // namespace

Result<ExportSnapshot> read_export_snapshot(ResponseStore& store, const ExportOptions& options) {
    // The dates are local dates of completion in each response's own UTC offset (build_export
    // applies that exact rule); the store reads the widest UTC window they can mean.
    auto filter = store_filter_for(options);
    if (!filter) return filter.error();
    ExportSnapshot snapshot;
    snapshot.device_id = store.device_id();
    snapshot.taken_at = Clock::now();
    auto rows = store.rows_for_export(*filter);  // damaged rows apart: they never stop an export
    if (!rows) return rows.error();
    snapshot.responses = std::move(rows->responses);
    snapshot.damaged = std::move(rows->damaged);
    auto surveys = store.stored_surveys();
    if (!surveys) return surveys.error();
    // Only the surveys the responses name (a survey tried once and dropped stays out).
    for (StoredSurvey& survey : surveys.value()) {
        bool is_named = false;
        for (const StoredResponse& stored : snapshot.responses)
            if (stored.response.survey.sha256 == survey.ref.sha256) {
                is_named = true;
                break;
            }
        if (is_named) snapshot.surveys.push_back(std::move(survey));
    }
    return snapshot;
}

int run_export_command(const ExportCommand& command, std::ostream& out, std::ostream& err) {
    const auto fail = [&err](const std::string& message) {
        err << "standpoint export: " << message << '\n';
        return exit_failure;
    };
    const auto started = std::chrono::steady_clock::now();
    const fs::path data_dir = command.data_dir ? fs::path(*command.data_dir) : default_data_dir();
    std::error_code error;
    if (!fs::exists(data_dir / "standpoint.db", error)) {
        return fail("there is no kiosk store in " + data_dir.string() +
                    " (no standpoint.db). Give the kiosk's data folder with --data DIR.");
    }
    if (const long pid = process_holding(data_dir / "standpoint.db"); pid != 0) {
        return fail("the store in " + data_dir.string() + " is open in process " +
                    std::to_string(pid) +
                    " (a running kiosk?). The store has one writer: export from the staff "
                    "screen while the kiosk runs, or quit the kiosk first.");
    }
    auto opened = ResponseStore::open(data_dir);
    const bool is_read_only = !opened;
    if (!opened) {
        // A full or read-only disk must not stop the export that frees it: read without writing.
        auto reading = ResponseStore::open_to_read(data_dir);
        if (!reading) return fail(store_problem_in_words(opened.error()));
        err << "standpoint export: " << opened.error().message
            << "\nExporting from the store read-only; this export will not be noted in it.\n";
        opened = std::move(reading);
    }
    ResponseStore& store = **opened;

    ExportOptions options;
    options.event_id = command.event_id.value_or("");
    options.from_date = command.from_date;
    options.to_date = command.to_date;
    options.include_personal = command.include_personal;
    // The event's name and venue as staff set them on the kiosk, for summary.html's heading.
    if (Result<KioskState> state = load_kiosk_state(data_dir); state) {
        options.named_event_id = state->event_id;
        options.event_name = state->event_name;
        options.venue = state->venue;
    }
    if (Status keys = add_export_keys(options, data_dir, command.destination); !keys) {
        // A kiosk whose disk is full may never have had room for its key: the day's answers
        // still go out, unsigned, and the collector asks staff to vouch for them.
        if (!is_read_only || options.signing_key) return fail(keys.error().message);
        err << "standpoint export: " << keys.error().message
            << " The export is not signed: at the collector, import it with --accept-device.\n";
    }

    auto filter = store_filter_for(options);
    if (!filter) return fail(filter.error().message);
    auto context = read_export_context(store);
    if (!context) return fail(store_problem_in_words(context.error()));

    // The workbook's scratch folder goes next to the store (local disk), never the stick.
    // (A data folder that takes no write: the system's temporary folder instead.)
    const fs::path scratch_parent = is_read_only ? fs::temp_directory_path(error) : data_dir;
    ScratchDir scratch{scratch_parent / ("export-scratch-" + std::to_string(::getpid()))};
    fs::create_directories(scratch.path, error);
    if (error) {
        return fail("could not make a scratch folder " + scratch.path.string() + " (" +
                    error.message() + "). Is the data folder's disk full?");
    }
    // The same pipeline as the staff screen's: the store read a chunk at a time, each file
    // streamed onto the stick, hashed while written and read back before the manifest.
    StoreRows rows([&store, &filter](std::int64_t after_seq, int limit) {
        return store.export_rows_after(*filter, after_seq, limit);
    });
    StickSink sink(command.destination, {}, [&options](const ExportStart& start) -> Status {
        if (start.response_count > 0 || start.damaged_count > 0) return ok_status();
        return Error{"no response matches (event '" + options.event_id + "', from " +
                     options.from_date.value_or("the start") + " to " +
                     options.to_date.value_or("now") + "), so nothing was written."};
    });
    auto outcome = stream_export(rows, *context, options, scratch.path, sink);
    // A store's error carries its kind (and advice); a stick's says what to do itself.
    if (!outcome) return fail(store_problem_in_words(outcome.error()));
    const auto write_done = std::chrono::steady_clock::now();
    ExportReport report_value{sink.folder(), sink.checked_files(), outcome->response_count};
    const ExportReport* report = &report_value;

    ExportRecord record;
    record.export_id = new_uuid_v7();  // a UUIDv7, like every id the kiosk makes
    record.folder = report->folder.string();
    record.at = Clock::now();
    record.response_count = report->response_count;
    if (Status recorded =
            is_read_only ? ok_status() : store.record_export(record, outcome->response_ids);
        !recorded) {
        return fail("the export in " + report->folder.string() +
                    " is complete and checked, but the store could not note it, so its "
                    "responses still count as not exported: " +
                    store_problem_in_words(recorded.error()));
    }

    out << "exported " << report->response_count << " responses to " << report->folder.string()
        << '\n';
    if (outcome->damaged_count > 0)
        out << "  and " << outcome->damaged_count
            << " damaged responses (their answers no longer match the hash saved with them) "
               "apart in damaged.jsonl, for support\n";
    for (const WrittenFile& file : report->files)
        out << "  " << file.name << "  " << file.bytes << " bytes\n";
    out << "checked: every file read back and matches its SHA-256\n";
    if (options.signing_key)
        out << "signed by this kiosk's key " << options.signing_key->public_key_hex() << '\n';
    if (options.include_personal)
        out << "personal data sealed to the collector key " << options.collector_public_key
            << " (only that collector can read it)\n";
    out << "took " << seconds_text(std::chrono::steady_clock::now() - started)
        << " (read, build, write and check in one stream: " << seconds_text(write_done - started)
        << ")\n";
    return exit_ok;
}

}  // namespace standpoint::app
