// The USB export as files in memory (docs/export.md): what goes on the stick, byte for byte,
// built from a snapshot of the store. Everything but the XLSX is pure; the XLSX's rows wait
// compressed in a file until its column widths are known, so build_export takes a scratch folder.
// Writing the files to a stick safely is kiosk/app/export_writer.hpp's job.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/survey.hpp"
#include "kiosk/export/results.hpp"
#include "kiosk/store/response_store.hpp"
#include "sync/protocol/signature.hpp"

namespace standpoint {

struct ExportOptions {
    std::string event_id;                  // "" = every event in the snapshot
    std::optional<std::string> from_date;  // local date "YYYY-MM-DD" of completion, inclusive
    std::optional<std::string> to_date;    // inclusive
    // Answers to personal-data questions (left out by default). When included they go ONLY into
    // personal.jsonl.sealed, sealed to `collector_public_key`; without that key build_export
    // refuses (docs/security.md).
    bool include_personal = false;
    std::string report_language = "en";  // labels in CSV/XLSX/summary; answers stay as given
    std::string collector_public_key;    // 64 hex digits, or "" when the kiosk has none
    // The kiosk's key: when set, manifest.sig (the signature of manifest.json) goes in too.
    std::optional<SigningKey> signing_key;
    // The event's name and venue as staff set them, and the event id they name (summary.html's
    // heading names the event so when the export is of that event alone); "" = not known.
    std::string event_name;
    std::string venue;
    std::string named_event_id;
};

// What the store held when the export started. `responses` in seq order with Response::answers
// parsed from answers_json; `surveys` has the definition of every survey the responses name.
struct ExportSnapshot {
    std::string device_id;
    std::vector<StoredResponse> responses;
    std::vector<StoredSurvey> surveys;
    // Responses whose answers no longer match their stored hash (ExportRows::damaged): only in
    // damaged.jsonl, never in the other files nor in the counts.
    std::vector<StoredResponse> damaged;
    TimePoint taken_at;
};

struct ExportFile {
    std::string name;  // FAT-safe ASCII, e.g. "responses.csv"
    std::string bytes;
};

struct ExportPlan {
    std::string folder_name;  // standpoint-<event>-<date>-<device>, FAT-safe ASCII
    // Data files first, manifest.json last: a folder is complete only when its manifest is there.
    std::vector<ExportFile> files;
    std::int64_t response_count = 0;        // after the filters
    std::vector<std::string> response_ids;  // exported, for the store's "exported" mark
    std::int64_t damaged_count = 0;         // in damaged.jsonl (not marked exported)
};

// Whether the filters of `options` (event, local completion dates) select this response.
bool export_selects(const Response& response, const ExportOptions& options);
// The dates of `options` are YYYY-MM-DD and in order.
Status check_export_dates(const ExportOptions& options);

// Applies the filters and builds every file (stream_export into memory, export_stream.hpp): responses.csv, questions.csv, responses.xlsx,
// responses.jsonl, summary.html, damaged.jsonl (only when a damaged response matches),
// manifest.json. `scratch_dir` (local disk, not the stick) holds
// the XLSX while it is written; it is removed afterwards.
Result<ExportPlan> build_export(const ExportSnapshot& snapshot, const ExportOptions& options,
                                const std::filesystem::path& scratch_dir);

// What build_export's summary.html shows, for the collector console's results page: the same
// filters, the same summarise() per survey (newest definition, every version's responses), the
// same personal-data rule and small-group suppression. `selected` (if given) receives the
// responses that passed the filters, in snapshot order, pointing into `snapshot`.
Result<std::vector<SurveyResults>> summarise_export(
    const ExportSnapshot& snapshot, const ExportOptions& options,
    std::vector<const StoredResponse*>* selected = nullptr);

// A name safe on FAT32/exFAT and Windows: [A-Za-z0-9._-] only, no leading dot or dash, no
// trailing dot, not a reserved device name, at most `max_length` bytes. Other characters -> '_'.
std::string fat_safe_name(const std::string& text, std::size_t max_length = 64);

}  // namespace standpoint
