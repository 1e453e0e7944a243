// The kiosk state (kiosk/shell/kiosk_state.hpp) on disk, and whether the last run ended cleanly.
// One JSON file, DATA/kiosk-state.json, mode 0600, replaced atomically (write a
// temporary file, fsync, rename, fsync the folder), so a power cut leaves the old or the new one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/shell/kiosk_state.hpp"

namespace standpoint::app {

using standpoint::KioskState;  // kiosk/shell/kiosk_state.hpp


// A missing file is a fresh KioskState; a damaged one is an Error that says so.
Result<KioskState> load_kiosk_state(const std::filesystem::path& data_dir);
Status save_kiosk_state(const std::filesystem::path& data_dir, const KioskState& state);

// Crash detection: DATA/running exists while a kiosk runs. mark_running returns whether the last
// run did not end cleanly (the marker was still there); mark_stopped removes it at a clean exit.
Result<bool> mark_running(const std::filesystem::path& data_dir);
void mark_stopped(const std::filesystem::path& data_dir);

}  // namespace standpoint::app
