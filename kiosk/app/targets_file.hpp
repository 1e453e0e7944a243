// For end-to-end tests: STANDPOINT_TARGETS_FILE=path makes the kiosk publish what can be tapped,
// so a script can tap "next" by name instead of by guessed pixels. Format, one per line:
//   # screen asking:visit          (which screen the targets belong to)
//   # language cy                  (the language it is shown in)
//   # answers {"visit":4}          (the draft's answers, so a test knows a tap has landed)
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

    // Writes the file if anything differs from what was last written. `answers_json` is "" on
    // screens without a draft. The file exists only when a tester asks for it, so answers in it
    // are test answers; the kiosk's own logs never carry answer contents.
    void publish(const std::string& screen, const std::string& language,
                 const std::string& answers_json, const std::vector<ui::TapTarget>& targets);

private:
    std::string path_;
    std::string last_written_;
};

// A short name for the session's screen: "attract", "privacy", "asking:<question id>", "saving",
// "thanks", "unavailable"; with ":still_there" appended while that prompt shows.
std::string screen_name(const Session& session, const Survey& survey);

// The draft's answers as JSON (answers_to_json), or "" when the screen has no draft.
std::string draft_answers_json(const Session& session);

}  // namespace standpoint::app
