// UiText: the kiosk's own words (buttons, "Are you still there?", errors) per language, loaded
// from assets/i18n/<lang>.json. Survey texts come from the survey file, not from here.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace standpoint {

class UiText {
public:
    // Adds one language from the bytes of its JSON file: a flat object of key -> string.
    // `source` names the file in error messages.
    Status add_language(const std::string& language, std::string_view json_bytes,
                        const std::string& source);

    // The text for `key` in `language`, else in English, else the key itself (never empty, so
    // a missing translation shows up in a screenshot instead of a blank button).
    const std::string& get(const std::string& language, const std::string& key) const;

    // A text with a number in it, in the plural form `n` takes in `language` (CLDR rules for
    // the kiosk's languages: English and Urdu one/other; Welsh zero/one/two/few/many/other;
    // Polish one/few/many): "key.one", "key.few"... falling back to "key.other", then "key".
    const std::string& plural(const std::string& language, const std::string& key,
                              long long n) const;

    bool has_language(const std::string& language) const;
    // The language's name in itself ("Cymraeg"), from the key "language.name".
    const std::string& native_name(const std::string& language) const;

    // Every string of every language, for building the font atlas.
    std::string all_text() const;

private:
    std::map<std::string, std::map<std::string, std::string>> strings_;
};

}  // namespace standpoint
