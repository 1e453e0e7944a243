#include "kiosk/app/targets_file.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace standpoint::app {

void TargetsFile::publish(const std::string& screen, const std::string& language,
                          const std::string& answers_json,
                          const std::vector<ui::TapTarget>& targets) {
    std::string text = "# screen " + screen + "\n# language " + language + "\n";
    if (!answers_json.empty()) text += "# answers " + answers_json + "\n";
    for (const ui::TapTarget& target : targets) {
        text += target.name;
        for (float value : {target.x, target.y, target.w, target.h})
            text += ' ' + std::to_string(std::lround(value));
        text += '\n';
    }
    if (text == last_written_) return;

    const std::string temporary = path_ + ".tmp";
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (!file) {
        std::cerr << "standpoint: cannot write " << temporary << " (STANDPOINT_TARGETS_FILE)\n";
        return;
    }
    const bool is_written = std::fwrite(text.data(), 1, text.size(), file) == text.size();
    if (std::fclose(file) != 0 || !is_written ||
        std::rename(temporary.c_str(), path_.c_str()) != 0) {
        std::cerr << "standpoint: cannot write " << path_ << " (STANDPOINT_TARGETS_FILE)\n";
        return;
    }
    last_written_ = std::move(text);
}

std::string screen_name(const Session& session, const Survey& survey) {
    struct Namer {
        const Survey& survey;
        std::string operator()(const Attract&) const { return "attract"; }
        std::string operator()(const PrivacyNotice&) const { return "privacy"; }
        std::string operator()(const Asking& asking) const {
            if (asking.index < survey.questions.size())
                return "asking:" + survey.questions[asking.index].id;
            return "asking";
        }
        std::string operator()(const Saving&) const { return "saving"; }
        std::string operator()(const Thanks&) const { return "thanks"; }
        std::string operator()(const Unavailable&) const { return "unavailable"; }
    };
    std::string name = std::visit(Namer{survey}, session.screen);
    if (session.still_there_until) name += ":still_there";
    return name;
}

std::string draft_answers_json(const Session& session) {
    const Draft* draft = nullptr;
    if (const auto* privacy = std::get_if<PrivacyNotice>(&session.screen)) draft = &privacy->draft;
    if (const auto* asking = std::get_if<Asking>(&session.screen)) draft = &asking->draft;
    if (const auto* saving = std::get_if<Saving>(&session.screen)) draft = &saving->draft;
    if (!draft) return "";
    // replace, not throw: this must never take the frame loop down over a stray byte
    return answers_to_json(draft->answers)
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace standpoint::app
