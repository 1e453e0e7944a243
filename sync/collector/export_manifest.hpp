// Reading a USB export folder's texts (docs/export.md): manifest.json, surveys.json and one line
// of responses.jsonl. Pure: text in, values or a message naming the file out; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"
#include "sync/protocol/batch.hpp"

namespace standpoint {

inline constexpr std::string_view export_format = "standpoint-export/1";
inline constexpr std::size_t max_manifest_bytes = 1024u * 1024u;
// A response line is one protocol object: answers_json (at most 256 KiB, up to 6 bytes per byte
// once escaped as \u00XX) plus its parsed copy "answers" (the same again), and small fields.
inline constexpr std::size_t max_export_line_bytes = 4u * 1024u * 1024u;
// surveys.json: the surveys an export's responses were answered on; a definition is at most
// 2 MiB. Read whole, so the cap bounds the import's memory (with export_json_limits()).
inline constexpr std::size_t max_surveys_file_bytes = 32u * 1024u * 1024u;
// Files beside manifest.json that it does not list: itself, and its signature.
inline constexpr const char* files_not_in_manifest[] = {"manifest.json", "manifest.sig"};

struct ExportManifestFile {
    std::string name;  // a plain file name inside the folder
    std::uint64_t bytes = 0;
    std::string sha256;  // lower-case hex
};

struct ExportManifest {
    std::string created_at;
    std::string device_id;
    std::string event_id;  // "" when the export holds every event
    std::int64_t responses = 0;
    bool personal_data_included = true;
    std::vector<std::string> withheld_questions;
    // Personal data sealed to a collector's key (docs/export.md): the file and that key's hex;
    // both empty when the export holds none.
    std::string sealed_file;
    std::string sealed_to;
    std::vector<ExportManifestFile> files;
};

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
