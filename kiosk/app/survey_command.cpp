#include "kiosk/app/survey_command.hpp"

#include <fstream>
#include <ostream>

#include "kiosk/app/app_files.hpp"
#include "kiosk/app/cli.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"
#include "kiosk/xlsform/xlsform_export.hpp"
#include "kiosk/xlsform/xlsx_reader.hpp"

namespace standpoint::app {

Result<SurveyCommand> parse_survey_command(const std::vector<std::string>& args) {
    const char* usage =
        "survey: write 'survey import FORM.xlsx [-o survey.json]' or 'survey export survey.json "
        "-o FORM.xlsx' (see standpoint --help)";
    if (args.size() < 2 || (args[1] != "import" && args[1] != "export")) return Error{usage};
    SurveyCommand command;
    command.is_import = args[1] == "import";
    for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "-o" || args[i] == "--output") {
            if (i + 1 >= args.size() || args[i + 1].empty())
                return Error{args[i] + " needs a file name"};
            command.output = args[++i];
        } else if (args[i].rfind("-", 0) == 0 && args[i] != "-") {
            return Error{"survey " + args[1] + ": unknown option '" + args[i] + "'"};
        } else if (command.input.empty()) {
            command.input = args[i];
        } else {
            return Error{"survey " + args[1] + ": one file at a time ('" + args[i] + "' is extra)"};
        }
    }
    if (command.input.empty()) return Error{usage};
    if (!command.is_import && !command.output)
        return Error{"survey export: say where with -o FORM.xlsx"};
    return command;
}

int run_survey_command(const SurveyCommand& command, std::ostream& out, std::ostream& err) {
    const Result<std::string> bytes = read_file_capped(command.input, max_survey_file_bytes);
    if (!bytes) {
        err << bytes.error().message << '\n';
        return exit_failure;
    }
    // import is for workbooks: a JSON file given by mistake gets the workbook reader's words.
    if (command.is_import) {
        if (const Result<Workbook> workbook = read_xlsx(*bytes); !workbook) {
            err << command.input << ": " << workbook.error().message << '\n';
            return exit_failure;
        }
    }
    const Result<LoadedSurvey> loaded = load_survey_bytes(*bytes, command.input);
    if (!loaded) {
        err << loaded.error().message << '\n';
        return exit_failure;
    }
    for (const auto& warning : loaded->warnings) err << warning << '\n';
    if (!command.is_import) {
        if (const Status written = write_xlsform(loaded->survey, *command.output); !written) {
            err << written.error().message << '\n';
            return exit_failure;
        }
        out << *command.output << ": written (" << loaded->survey.questions.size()
            << " questions)\n";
        return exit_ok;
    }
    if (!command.output) {
        out << loaded->kept.definition;
        return exit_ok;
    }
    std::ofstream file(*command.output, std::ios::binary | std::ios::trunc);
    file << loaded->kept.definition;
    file.close();
    if (!file) {
        err << *command.output << ": could not be written\n";
        return exit_failure;
    }
    out << *command.output << ": written (" << loaded->survey.questions.size() << " questions)\n";
    return exit_ok;
}

}  // namespace standpoint::app
