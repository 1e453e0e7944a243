// The files the app reads at start: survey and UI text files (with a size cap, so a wrong path to
// a huge file fails fast instead of filling memory), and where the bundled assets/ folder is.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "kiosk/core/result.hpp"

namespace standpoint::app {

// A survey is a few kilobytes; anything near this is the wrong file.
inline constexpr std::size_t max_survey_file_bytes = 4 * 1024 * 1024;

// The whole file, or an Error naming `path` and saying what went wrong.
Result<std::string> read_file_capped(const std::filesystem::path& path, std::size_t max_bytes);

// The assets/ folder: $STANDPOINT_ASSETS if set; else next to the executable (<exe dir>/assets,
// <exe dir>/../share/standpoint/assets for an installed copy); else the source tree the binary
// was built from (a build directory anywhere). Empty path if none has a surveys/ folder.
std::filesystem::path find_assets_dir();

}  // namespace standpoint::app
