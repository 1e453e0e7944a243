// A USB export folder's own texts (docs/export.md), the one home of their format for the kiosk
// that writes them and the collector that reads them back: the folder's file names,
// manifest.json (written and read), surveys.json and one line of responses.jsonl (read; the
// kiosk writes them with the protocol's response and survey encoders). Pure: text in, values or
// a message naming the file out; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "sync/protocol/batch.hpp"

namespace standpoint {

// ---- the folder's files, in the order they are written (manifest.json last) ----
namespace export_file {
inline constexpr const char* responses_csv = "responses.csv";
inline constexpr const char* questions_csv = "questions.csv";
inline constexpr const char* responses_xlsx = "responses.xlsx";
inline constexpr const char* responses_jsonl = "responses.jsonl";
inline constexpr const char* surveys_json = "surveys.json";
inline constexpr const char* summary_html = "summary.html";
inline constexpr const char* damaged_jsonl = "damaged.jsonl";            // only when there are any
inline constexpr const char* personal_sealed = "personal.jsonl.sealed";  // only when sealed
inline constexpr const char* manifest_sig = "manifest.sig";
inline constexpr const char* manifest_json = "manifest.json";
// Every name a kiosk's export folder may hold.
inline constexpr const char* all[] = {responses_csv, questions_csv, responses_xlsx, responses_jsonl,
                                      surveys_json,  summary_html,  damaged_jsonl,  personal_sealed,
                                      manifest_sig,  manifest_json};
}  // namespace export_file

inline constexpr std::string_view export_format = "standpoint-export/1";
inline constexpr std::size_t max_manifest_bytes = 1024u * 1024u;
// A response line is one protocol object: answers_json (at most 256 KiB, up to 6 bytes per byte
// once escaped as \u00XX) plus its parsed copy "answers" (the same again), and small fields.
inline constexpr std::size_t max_export_line_bytes = 4u * 1024u * 1024u;
// surveys.json: the surveys an export's responses were answered on; a definition is at most
// 2 MiB. Read whole, so the cap bounds the import's memory (with export_json_limits()).
inline constexpr std::size_t max_surveys_file_bytes = 32u * 1024u * 1024u;
// Files beside manifest.json that it does not list: itself, and its signature.
inline constexpr const char* files_not_in_manifest[] = {export_file::manifest_json,
                                                        export_file::manifest_sig};

struct ExportManifestFile {
    std::string name;  // a plain file name inside the folder
    std::uint64_t bytes = 0;
    std::string sha256;  // lower-case hex
};

struct ExportManifestSurvey {
    SurveyRef ref;
    std::int64_t responses = 0;
};

struct ExportManifest {
    std::string created_at;  // ISO 8601 UTC
    std::string device_id;
    std::string event_id;                           // "" when the export holds every event (null)
    std::vector<std::string> events;                // the events of the responses in it, sorted
    std::optional<std::string> from_date, to_date;  // local dates, or null
    std::optional<std::string> first_completed_at, last_completed_at;  // ISO 8601 UTC, or null
    std::int64_t responses = 0;
    std::int64_t complete = 0;
    std::int64_t partial = 0;
    std::int64_t damaged = 0;  // in damaged.jsonl
    std::vector<ExportManifestSurvey> surveys;
    bool personal_data_included = true;
    std::vector<std::string> withheld_questions;
    // Personal data sealed to a collector's key (docs/export.md): the file and that key's hex;
    // both empty when the export holds none.
    std::string sealed_file;
    std::string sealed_to;
    std::vector<ExportManifestFile> files;  // every file but manifest.json and manifest.sig
};

// manifest.json's exact text (two-space indented, a final newline), as the kiosk writes it.
std::string export_manifest_json(const ExportManifest& manifest);

// surveys.json's exact text: [{"id","version","sha256","definition"}...], as a sync batch carries
// the same surveys. An error when a definition is not valid UTF-8.
Result<std::string> export_surveys_json(const std::vector<SurveyDefinition>& surveys);

// Checks the format, the device id, the counts and every file entry (plain names, no name twice,
// byte counts, 64-digit hex hashes). Messages start with "manifest.json".
Result<ExportManifest> parse_export_manifest(std::string_view text);

// The manifest must list exactly the folder's files: `folder_entries` (names in the folder)
// holding one it does not list (other than files_not_in_manifest, or a hidden name starting
// with "." that a desktop leaves behind) means the folder is not what the kiosk wrote.
Status check_manifest_lists_every_file(const ExportManifest& manifest,
                                       const std::vector<std::string>& folder_entries);

// surveys.json: [{"id","version","sha256","definition"}...], each hash checked over its
// definition's bytes. Messages start with "surveys.json".
Result<std::vector<SurveyDefinition>> parse_export_surveys(std::string_view text);

// One line of responses.jsonl: a protocol response object (response_record_from_json checks
// every field and the hash) of the manifest's device. The message says what is wrong; the
// caller adds the line number.
Result<ResponseRecord> parse_export_line(std::string_view line, const std::string& device_id);

}  // namespace standpoint
