#include "kiosk/app/language_check.hpp"

#include "kiosk/app/start_trace.hpp"
#include "kiosk/ui/shaped_text.hpp"
#include "kiosk/ui/theme.hpp"

namespace standpoint::app {
namespace {

void add(std::string& all, const Text& text, const std::string& language) {
    if (const auto found = text.by_language.find(language); found != text.by_language.end()) {
        all += found->second;
        all += '\n';
    }
}

std::string texts_in(const Survey& survey, const std::string& language) {
    std::string all;
    for (const Text* text : {&survey.title, &survey.intro, &survey.privacy_notice, &survey.thanks,
                             &survey.you_said_we_did})
        add(all, *text, language);
    for (const Question& question : survey.questions) {
        for (const Text* text : {&question.prompt, &question.help, &question.min_label,
                                 &question.max_label, &question.pattern_hint})
            add(all, *text, language);
        for (const Option& option : question.options) add(all, option.label, language);
    }
    return all;
}

}  // namespace

std::vector<LanguageProblem> language_problems(const Survey& survey, const std::string& source) {
    std::vector<LanguageProblem> problems;
    const std::string font = ui::atlas_font_file();
    for (const std::string& language : survey.languages) {
        const std::string why =
            ui::language_render_problem(language, texts_in(survey, language), font);
        start_trace_mark(("language '" + language + "' checked").c_str());
        if (why.empty()) continue;
        problems.push_back({language, source + ": language '" + language +
                                          "' cannot be shown correctly on this kiosk: " + why +
                                          ". Until then, remove \"" + language +
                                          "\" from \"languages\"."});
    }
    return problems;
}

}  // namespace standpoint::app
