// manifest.json and surveys.json (docs/export.md). Pure.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/response.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/export/export_files.hpp"
#include "kiosk/export/survey_catalog.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint {

struct ManifestFacts {
    TimePoint created_at;
    std::string device_id;
    std::string event_id;  // "" = all events (null)
    std::optional<std::string> from_date;
    std::optional<std::string> to_date;
    bool include_personal = false;
    // Personal questions, left out of every file people can open (included or not).
    std::set<std::string> withheld_questions;
    std::string sealed_to;  // the collector key personal.jsonl.sealed is sealed to, or ""
    std::int64_t damaged = 0;                  // responses in damaged.jsonl
    // The exported responses, counted as they went by.
    std::set<std::string> events;
    std::optional<TimePoint> first_completed_at, last_completed_at;
    std::int64_t responses = 0;
    std::int64_t complete = 0;
};

// The manifest of `files` (every data file, manifest.json excluded): what, when, how many, and
// each file's size and SHA-256.
std::string manifest_json(const ManifestFacts& facts, const SurveyCatalog& catalog,
                          const std::vector<ExportManifestFile>& files);

// [{"id","version","sha256","definition"}...]: the survey files of the catalog, as a sync batch
// carries them. A survey chosen as a workbook also has "source": {"file", "name", "sha256"}: the
// export file holding that workbook byte for byte (source_file_name), the name it was chosen
// as, and the SHA-256 of its bytes.
Result<std::string> surveys_json(const SurveyCatalog& catalog);

// The export file that carries a survey's kept workbook (kept_workbook_file_name in
// sync/protocol/export_folder.hpp, one per definition); "" when it has none.
std::string source_file_name(const CatalogSurvey& survey);

}  // namespace standpoint
