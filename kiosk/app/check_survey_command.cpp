#include "kiosk/app/check_survey_command.hpp"

#include <ostream>

#include "kiosk/app/app_files.hpp"
#include "kiosk/app/cli.hpp"
#include "kiosk/app/language_check.hpp"
#include "kiosk/xlsform/load_survey_file.hpp"

namespace standpoint::app {

int run_check_survey(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
    bool has_problem = false;
    for (const std::string& file : files) {
        const Result<std::string> bytes = read_file_capped(file, max_survey_file_bytes);
        if (!bytes) {
            err << bytes.error().message << '\n';
            has_problem = true;
            continue;
        }
        // .json or an XLSForm .xlsx, told apart by their bytes.
        const Result<LoadedSurvey> loaded = load_survey_bytes(*bytes, file);
        if (!loaded) {
            err << loaded.error().message << '\n';
            has_problem = true;
            continue;
        }
        for (const std::string& warning : loaded->warnings) err << warning << '\n';
        const Survey* survey = &loaded->survey;
        // A valid file can still be unshowable here: no font for a script shows boxes, not words.
        if (const auto unshowable = language_problems(*survey, file); !unshowable.empty()) {
            for (const LanguageProblem& problem : unshowable) err << problem.message << '\n';
            has_problem = true;
            continue;
        }
        out << file << ": ok (" << survey->questions.size()
            << (survey->questions.size() == 1 ? " question" : " questions") << ", languages ";
        for (std::size_t i = 0; i < survey->languages.size(); ++i)
            out << (i > 0 ? ", " : "") << survey->languages[i];
        out << ")\n";
    }
    return has_problem ? exit_failure : exit_ok;
}

}  // namespace standpoint::app
