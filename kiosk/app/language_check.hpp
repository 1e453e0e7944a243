// Can this machine show every language of a survey correctly? The survey loader is pure and
// cannot know which fonts are installed; check-survey and the kiosk's start ask here.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/survey.hpp"

namespace standpoint::app {

struct LanguageProblem {
    std::string language;
    std::string message;  // names the file, the language, what is wrong and what to do
};

// One problem per language that cannot be shown (no installed font has its letters, or a script
// this build cannot draw); empty when all can.
std::vector<LanguageProblem> language_problems(const Survey& survey, const std::string& source);

}  // namespace standpoint::app
