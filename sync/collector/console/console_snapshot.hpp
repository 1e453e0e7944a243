// The collector's responses as the kiosk's export builders take them (kiosk/export's
// ExportSnapshot): so the console's results and downloads come from the same code as a USB
// export's files, byte for byte.
#pragma once

#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/export/export_files.hpp"
#include "sync/collector/collector_store.hpp"

namespace standpoint::console {

// What the console reads from the store before the export's own filters (event, dates) run.
struct SnapshotScope {
    std::string event_id;   // "" = every event
    std::string device_id;  // "" = every kiosk
};

// The snapshot's device_id when no kiosk was chosen: it names the summary's "Kiosk" line and is
// cut to "all-kios" in the export's folder name, which the console writes out in full.
inline constexpr const char* all_kiosks = "all-kiosks";

// Responses ordered by device, then seq, with their answers parsed by the survey they were given
// on; every survey definition the responses name. An Error names a response or survey that
// cannot be read (nothing is guessed).
Result<ExportSnapshot> load_snapshot(CollectorStore& store, const SnapshotScope& scope);

// format_utc's text ("2026-11-23T14:05:09.123Z", checked by is_utc_timestamp) back to a time.
TimePoint parse_utc_text(const std::string& text);

}  // namespace standpoint::console
