#include "kiosk/app/cli.hpp"

#include <charconv>

namespace standpoint::app {
namespace {

std::optional<WindowSize> parse_size(const std::string& text) {
    const auto x = text.find('x');
    if (x == std::string::npos) return std::nullopt;
    WindowSize size;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    auto [w_end, w_error] = std::from_chars(begin, begin + x, size.width);
    auto [h_end, h_error] = std::from_chars(begin + x + 1, end, size.height);
    if (w_error != std::errc{} || h_error != std::errc{} || w_end != begin + x || h_end != end)
        return std::nullopt;
    // Smaller than this cannot hold a touch target; larger than this is a typo.
    if (size.width < 320 || size.height < 240 || size.width > 16384 || size.height > 16384)
        return std::nullopt;
    return size;
}

// "--name=value" or "--name value".
struct Flag {
    std::string name;
    std::optional<std::string> inline_value;
};

Flag split_flag(const std::string& arg) {
    const auto eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos)
        return {arg.substr(0, eq), arg.substr(eq + 1)};
    return {arg, std::nullopt};
}

const char* const usage_hint = " (see standpoint --help)";

}  // namespace

bool is_valid_event_id(const std::string& event_id) {
    if (event_id.empty() || event_id.size() > 64) return false;
    if (event_id.front() == '.' || event_id.front() == '-') return false;
    for (char c : event_id) {
        const bool is_allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!is_allowed) return false;
    }
    return true;
}

bool is_iso_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (text[i] < '0' || text[i] > '9') return false;
    const int year = std::stoi(text.substr(0, 4));
    const int month = std::stoi(text.substr(5, 2));
    const int day = std::stoi(text.substr(8, 2));
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr int days_in[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool is_leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && !is_leap) return day <= 28;
    return day <= days_in[month - 1];
}

namespace {

Result<Command> parse_export(const std::vector<std::string>& args) {
    ExportCommand command;
    bool has_destination = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const Flag flag = split_flag(args[i]);
        if (flag.name == "--help" || flag.name == "-h") return Command{HelpCommand{}};
        if (flag.name == "--include-personal") {
            if (flag.inline_value)
                return Error{"--include-personal takes no value" + std::string(usage_hint)};
            command.include_personal = true;
            continue;
        }
        const bool takes_value = flag.name == "--to" || flag.name == "--data" ||
                                 flag.name == "--event" || flag.name == "--from";
        if (!takes_value) return Error{"export: unknown option '" + args[i] + "'" + usage_hint};
        std::string value;
        if (flag.inline_value) {
            value = *flag.inline_value;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        }
        if (value.empty()) return Error{flag.name + " needs a value" + usage_hint};
        if (flag.name == "--to") {
            const bool is_end_date = has_destination || (command.from_date && is_iso_date(value));
            if (is_end_date) {
                if (!is_iso_date(value))
                    return Error{"--to '" + value + "' is not a date: write YYYY-MM-DD"};
                if (command.to_date) return Error{"export: --to DATE given twice"};
                command.to_date = value;
            } else {
                command.destination = value;
                has_destination = true;
            }
        } else if (flag.name == "--from") {
            if (!is_iso_date(value))
                return Error{"--from '" + value + "' is not a date: write YYYY-MM-DD"};
            command.from_date = value;
        } else if (flag.name == "--data") {
            command.data_dir = value;
        } else {
            if (!is_valid_event_id(value))
                return Error{"--event '" + value + "' is not a usable event id"};
            command.event_id = value;
        }
    }
    if (!has_destination)
        return Error{"export: say where with --to DIR (a USB stick's folder)" +
                     std::string(usage_hint)};
    if (command.from_date && command.to_date && *command.to_date < *command.from_date)
        return Error{"export: --to " + *command.to_date + " is before --from " +
                     *command.from_date};
    return Command{command};
}

Result<Command> parse_set_pin(const std::vector<std::string>& args) {
    SetPinCommand command;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const Flag flag = split_flag(args[i]);
        if (flag.name == "--help" || flag.name == "-h") return Command{HelpCommand{}};
        if (flag.name != "--data")
            return Error{"set-pin: unknown option '" + args[i] + "'" + usage_hint};
        if (flag.inline_value) {
            command.data_dir = *flag.inline_value;
        } else if (i + 1 < args.size()) {
            command.data_dir = args[++i];
        }
        if (!command.data_dir || command.data_dir->empty())
            return Error{"--data needs a value" + std::string(usage_hint)};
    }
    return Command{command};
}

}  // namespace

Result<Command> parse_command_line(const std::vector<std::string>& args) {
    if (!args.empty() && args.front() == "export") return parse_export(args);
    if (!args.empty() && args.front() == "set-pin") return parse_set_pin(args);
    if (!args.empty() && args.front() == "survey") {
        Result<SurveyCommand> survey = parse_survey_command(args);
        if (!survey) return Error{survey.error().message};
        return Command{std::move(survey.value())};
    }
    if (!args.empty() && args.front() == "check-survey") {
        CheckSurveyCommand command;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == "--help" || args[i] == "-h") return Command{HelpCommand{}};
            if (args[i].rfind("--", 0) == 0 && args[i] != "--")
                return Error{"check-survey: unknown option '" + args[i] + "'" + usage_hint};
            if (args[i] != "--") command.files.push_back(args[i]);
        }
        if (command.files.empty())
            return Error{std::string("check-survey: name at least one survey file") + usage_hint};
        return Command{command};
    }

    if (!args.empty() && (args.front() == "sync" || args.front() == "status")) {
        const bool is_sync = args.front() == "sync";
        bool is_once = false;
        std::optional<std::string> data_dir;
        for (std::size_t i = 1; i < args.size(); ++i) {
            const Flag flag = split_flag(args[i]);
            if (flag.name == "--help" || flag.name == "-h") return Command{HelpCommand{}};
            if (is_sync && flag.name == "--once" && !flag.inline_value) {
                is_once = true;
            } else if (flag.name == "--data") {
                if (flag.inline_value) {
                    data_dir = *flag.inline_value;
                } else if (i + 1 < args.size()) {
                    data_dir = args[++i];
                }
                if (!data_dir || data_dir->empty())
                    return Error{"--data needs a value" + std::string(usage_hint)};
            } else {
                return Error{args.front() + ": unknown option '" + args[i] + "'" + usage_hint};
            }
        }
        if (!is_sync) return Command{StatusCommand{data_dir}};
        // The kiosk syncs by itself while it runs; the command exists to push now, once.
        if (!is_once) return Error{std::string("sync: say --once") + usage_hint};
        return Command{SyncCommand{data_dir}};
    }

    KioskOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const Flag flag = split_flag(args[i]);
        if (flag.name == "--help" || flag.name == "-h") return Command{HelpCommand{}};
        if (flag.name == "--version") return Command{VersionCommand{}};
        if (flag.name == "--windowed") {
            if (flag.inline_value)
                return Error{"--windowed takes no value" + std::string(usage_hint)};
            options.is_windowed = true;
            continue;
        }
        const bool takes_value = flag.name == "--survey" || flag.name == "--data" ||
                                 flag.name == "--event" || flag.name == "--size";
        if (!takes_value) {
            if (flag.name.rfind("-", 0) == 0)
                return Error{"unknown option '" + flag.name + "'" + usage_hint};
            return Error{"unexpected argument '" + flag.name + "'" + usage_hint};
        }
        std::string value;
        if (flag.inline_value) {
            value = *flag.inline_value;
        } else {
            if (i + 1 >= args.size()) return Error{flag.name + " needs a value" + usage_hint};
            value = args[++i];
        }
        if (value.empty()) return Error{flag.name + " needs a value" + usage_hint};
        if (flag.name == "--survey") {
            options.survey_path = value;
        } else if (flag.name == "--data") {
            options.data_dir = value;
        } else if (flag.name == "--event") {
            if (!is_valid_event_id(value))
                return Error{"--event '" + value +
                             "' is not a usable event id: use 1 to 64 letters, digits, '.', '_' or "
                             "'-', e.g. --event summer-gala-2026"};
            options.event_id = value;
        } else {
            const auto size = parse_size(value);
            if (!size)
                return Error{"--size '" + value +
                             "' is not a window size: write WIDTHxHEIGHT, e.g. --size 1280x800"};
            options.size = size;
        }
    }
    return Command{options};
}

std::string help_text(const std::string& program) {
    return "Usage:\n"
           "  " +
           program +
           " [--survey FILE] [--data DIR] [--event ID] [--windowed] [--size WxH]\n"
           "  " +
           program +
           " check-survey FILE...\n"
           "  " +
           program +
           " sync --once [--data DIR] | status [--data DIR]\n"
           "  " +
           program +
           " export --to DIR [--data DIR] [--event ID] [--from DATE] [--to DATE]\n"
           "         [--include-personal]\n"
           "  " +
           program +
           " set-pin [--data DIR]\n"
           "  " +
           program +
           " survey import FORM.xlsx [-o survey.json] | survey export survey.json -o FORM.xlsx\n"
           "  " +
           program +
           " --help | --version\n"
           "\n"
           "Runs the Standpoint feedback kiosk: a touchscreen survey that keeps every answer on "
           "this\n"
           "machine first.\n"
           "\n"
           "Options:\n"
           "  --survey FILE  the survey to run (default: assets/surveys/gala-feedback.json)\n"
           "  --data DIR     where responses are stored (default: $XDG_DATA_HOME/standpoint,\n"
           "                 else ~/.local/share/standpoint)\n"
           "  --event ID     the event the responses belong to (default: today's date, e.g.\n"
           "                 2026-11-23); letters, digits, '.', '_' and '-'\n"
           "  --windowed     a normal window with a visible pointer that can be closed;\n"
           "                 without it the kiosk covers the screen, hides the pointer and "
           "ignores\n"
           "                 close requests (stop it with SIGTERM or Ctrl+C in its terminal)\n"
           "  --size WxH     window size, e.g. 1080x1920 (default: 1280x800 windowed, else the\n"
           "                 whole monitor)\n"
           "\n"
           "Commands:\n"
           "  check-survey FILE...  checks survey files and prints every problem found\n"
           "  sync --once           sends waiting responses to the collector now (settings in\n"
           "                        DIR/sync.json, see docs/sync-client.md); not while the\n"
           "                        kiosk runs on the same DIR (it syncs by itself)\n"
           "  status                how many responses are waiting to be sent and sent\n"
           "  export --to DIR       writes the responses (CSV, XLSX, JSONL, summary, manifest)\n"
           "                        into a new folder in DIR, e.g. a USB stick, and checks\n"
           "                        them; --from/--to DATE (YYYY-MM-DD) limit the days, \n"
           "                        --event the event; personal data only with\n"
           "                        --include-personal\n"
           "  set-pin               sets the staff PIN (asked twice)\n"
           "  survey import/export  converts an XLSForm workbook to a survey file and back\n"
           "                        (see docs/xlsform.md); check-survey takes .xlsx too\n"
           "\n"
           "No screen? Run it under Xvfb:\n"
           "  xvfb-run -s \"-screen 0 1920x1080x24\" " +
           program +
           " ...\n"
           "\n"
           "Exit status: 0 ok, 1 failure (bad survey, store or window), 2 usage error, 3 no "
           "display.\n";
}

}  // namespace standpoint::app
