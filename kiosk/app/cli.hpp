// The command line of the `standpoint` executable. Parsing is pure (no I/O), so the rules live in
// one place: what is a usage error, what the defaults are, what --help says.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/app/survey_command.hpp"
#include "kiosk/core/result.hpp"

namespace standpoint::app {

// Exit codes, also listed in --help.
enum ExitCode : int {
    exit_ok = 0,
    exit_failure = 1,     // a bad survey, a store or window that cannot be used
    exit_usage = 2,       // the command line itself is wrong
    exit_no_display = 3,  // nowhere to show the kiosk: use xvfb-run or a real display
};

struct WindowSize {
    int width = 0;
    int height = 0;
};

struct KioskOptions {
    std::optional<std::string> survey_path;  // nullopt: the demo survey from the assets folder
    std::optional<std::string> data_dir;     // nullopt: default_data_dir()
    std::optional<std::string> event_id;     // nullopt: today's local date, e.g. "2026-11-23"
    bool is_windowed = false;                // false: a borderless window over the whole monitor
    std::optional<WindowSize> size;          // window size (--windowed default 1280x800)
};

struct CheckSurveyCommand {
    std::vector<std::string> files;
};
struct HelpCommand {};
struct VersionCommand {};
// `standpoint sync --once [--data DIR]`: pushes what is waiting now and says what happened.
struct SyncCommand {
    std::optional<std::string> data_dir;
};
// `standpoint status [--data DIR]`: how many responses are waiting / sent.
struct StatusCommand {
    std::optional<std::string> data_dir;
};

// `standpoint export --to DIR [--data DIR] [--event ID] [--from DATE] [--to DATE]
// [--include-personal]`. `--to` names the destination folder; a second `--to`, or one whose value
// is a date YYYY-MM-DD given after --from, is the last date (write ./2026-11-23 for a folder
// named like a date).
struct ExportCommand {
    std::string destination;
    std::optional<std::string> data_dir;
    std::optional<std::string> event_id;
    std::optional<std::string> from_date;  // YYYY-MM-DD, local, inclusive
    std::optional<std::string> to_date;    // YYYY-MM-DD, local, inclusive
    bool include_personal = false;
};
// `standpoint set-pin [--data DIR]`: asks for the new staff PIN twice on the terminal (or reads
// two lines from stdin when it is not a terminal).
struct SetPinCommand {
    std::optional<std::string> data_dir;
};

using Command =
    std::variant<KioskOptions, CheckSurveyCommand, HelpCommand, VersionCommand, SyncCommand,
                 StatusCommand, ExportCommand, SetPinCommand, SurveyCommand>;

// Whether `text` is a calendar date written YYYY-MM-DD.
bool is_iso_date(const std::string& text);

// `args` excludes argv[0]. An Error is a usage error: one line saying what is wrong.
Result<Command> parse_command_line(const std::vector<std::string>& args);

// Whether `event_id` can name an event (it ends up in export folder names): 1..64 characters
// from A-Z a-z 0-9 . _ -, not starting with '.' or '-'.
bool is_valid_event_id(const std::string& event_id);

std::string help_text(const std::string& program);

}  // namespace standpoint::app
