// For end-to-end tests: STANDPOINT_TARGETS_FILE=path makes the kiosk publish what can be tapped,
// so a script can tap "next" by name instead of by guessed pixels. Format, one per line:
//   # screen asking:visit          (which screen the targets belong to)
//   next 1500 900 300 120          (name x y w h, whole pixels)
// The file is replaced atomically (write, then rename), so a reader never sees half a frame.
#pragma once

#include <string>
#include <vector>

#include "kiosk/ui/kiosk_view.hpp"

namespace standpoint::app {

class TargetsFile {
public:
    explicit TargetsFile(std::string path) : path_(std::move(path)) {}

    // Writes the file if `screen` or `targets` differ from what was last written.
    void publish(const std::string& screen, const std::vector<ui::TapTarget>& targets);

private:
    std::string path_;
    std::string last_written_;
};

// A short name for the session's screen: "attract", "privacy", "asking:<question id>", "saving",
// "thanks", "unavailable"; with ":still_there" appended while that prompt shows.
std::string screen_name(const Session& session, const Survey& survey);

}  // namespace standpoint::app
