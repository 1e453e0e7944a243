// `standpoint export --to DIR [--data DIR] [--event ID] [--from DATE] [--to DATE]
//  [--include-personal]`: the end-of-day export from the command line (the staff screen runs the
// same steps: the store read a chunk at a time through StoreRows, stream_export into a
// StickSink, record it).
#pragma once

#include <ostream>

#include "kiosk/app/cli.hpp"
#include "kiosk/export/export_files.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint::app {

int run_export_command(const ExportCommand& command, std::ostream& out, std::ostream& err);

// The store's side of an export in one read, all in memory: the responses `options` selects and
// the survey definitions they name. The exports themselves stream (store_export_rows.hpp); this
// is for build_export in tests and benchmarks, to compare against.
Result<ExportSnapshot> read_export_snapshot(ResponseStore& store, const ExportOptions& options);

}  // namespace standpoint::app
