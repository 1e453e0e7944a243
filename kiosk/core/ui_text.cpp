#include "kiosk/core/ui_text.hpp"

#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

namespace standpoint {

Status UiText::add_language(const std::string& language, std::string_view json_bytes,
                            const std::string& source) {
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(json_bytes);
    } catch (const nlohmann::json::parse_error& error) {
        return Error{source + ": not valid JSON (" + error.what() +
                     "). Fix the file or reinstall the kiosk's assets."};
    }
    if (!json.is_object())
        return Error{source + ": expected one JSON object of \"key\": \"text\" pairs."};
    std::map<std::string, std::string> strings;
    for (const auto& [key, value] : json.items()) {
        if (!value.is_string())
            return Error{source + ": the value of \"" + key + "\" must be a string."};
        strings[key] = value.get<std::string>();
    }
    if (strings.find("language.name") == strings.end())
        return Error{source + ": missing \"language.name\" (the language's name in itself)."};
    strings_[language] = std::move(strings);
    return ok_status();
}

const std::string& UiText::get(const std::string& language, const std::string& key) const {
    for (const std::string* lang : {&language, static_cast<const std::string*>(nullptr)}) {
        const auto by_language = strings_.find(lang ? *lang : std::string("en"));
        if (by_language == strings_.end()) continue;
        const auto found = by_language->second.find(key);
        if (found != by_language->second.end()) return found->second;
    }
    // The key itself, from storage that outlives the caller's argument: a reference to `key`
    // would dangle as soon as a temporary std::string argument dies. std::set nodes never move.
    static std::mutex missing_mutex;
    static std::set<std::string> missing;
    const std::lock_guard<std::mutex> lock(missing_mutex);
    return *missing.insert(key).first;
}

namespace {

// CLDR plural categories for whole numbers, for the kiosk's languages (others: one/other).
const char* plural_category(const std::string& language, long long n) {
    if (n < 0) n = -n;
    if (language == "cy") {
        switch (n) {
            case 0:
                return "zero";
            case 1:
                return "one";
            case 2:
                return "two";
            case 3:
                return "few";
            case 6:
                return "many";
            default:
                return "other";
        }
    }
    if (language == "pl") {
        if (n == 1) return "one";
        const long long tens = n % 100;
        if (n % 10 >= 2 && n % 10 <= 4 && (tens < 12 || tens > 14)) return "few";
        return "many";
    }
    return n == 1 ? "one" : "other";
}

}  // namespace

const std::string& UiText::plural(const std::string& language, const std::string& key,
                                  long long n) const {
    const auto by_language = strings_.find(language);
    const std::string exact = key + "." + plural_category(language, n);
    if (by_language != strings_.end()) {
        for (const std::string& each : {exact, key + ".other", key}) {
            const auto found = by_language->second.find(each);
            if (found != by_language->second.end()) return found->second;
        }
    }
    // English's forms when this language has none of them.
    if (language != "en" && has_language("en")) return plural("en", key, n);
    return get(language, key);
}

bool UiText::has_language(const std::string& language) const {
    return strings_.find(language) != strings_.end();
}

const std::string& UiText::native_name(const std::string& language) const {
    if (!has_language(language)) {
        static std::mutex unknown_mutex;
        static std::set<std::string> unknown;  // stable storage, as in get()
        const std::lock_guard<std::mutex> lock(unknown_mutex);
        return *unknown.insert(language).first;
    }
    return get(language, "language.name");
}

std::string UiText::all_text() const {
    std::string all;
    for (const auto& [language, strings] : strings_)
        for (const auto& [key, value] : strings) {
            all += value;
            all += '\n';
        }
    return all;
}

}  // namespace standpoint
