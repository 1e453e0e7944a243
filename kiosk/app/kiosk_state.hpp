// What the kiosk remembers across restarts besides responses (docs/staff.md): the event, the
// survey in use, whether it is paused, the staff PIN's hash and lockout, and whether the last run
// ended cleanly. One JSON file, DATA/kiosk-state.json, mode 0600, replaced atomically (write a
// temporary file, fsync, rename, fsync the folder), so a power cut leaves the old or the new one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/core/result.hpp"

namespace standpoint::app {

struct KioskState {
    std::string event_id;    // FAT-safe id used in responses and export names ("" = today's date)
    std::string event_name;  // as staff typed it, any language
    std::string venue;
    std::string survey_path;  // "" = the command line's or the demo survey
    bool is_paused = false;   // the "back soon" screen
    std::string pin_hash;     // Argon2id string from libsodium ("" = no PIN set yet)
    int failed_pin_attempts = 0;
    std::int64_t pin_locked_until_ms = 0;  // Unix ms; 0 = not locked
};

// A missing file is a fresh KioskState; a damaged one is an Error that says so.
Result<KioskState> load_kiosk_state(const std::filesystem::path& data_dir);
Status save_kiosk_state(const std::filesystem::path& data_dir, const KioskState& state);

// Crash detection: DATA/running exists while a kiosk runs. mark_running returns whether the last
// run did not end cleanly (the marker was still there); mark_stopped removes it at a clean exit.
Result<bool> mark_running(const std::filesystem::path& data_dir);
void mark_stopped(const std::filesystem::path& data_dir);

}  // namespace standpoint::app
