// Reading and validating survey files. The format is documented in docs/survey-format.md and
// assets/survey.schema.json; keep all three in step.
//
// Index
//   [SECTION] Byte checks    size, UTF-8, nesting depth: before nlohmann sees the bytes
//   [SECTION] JSON parse     syntax errors as line:column, duplicate keys
//   [SECTION] Checker        one pass that both validates and fills a Survey, collecting every
//                            problem rather than stopping at the first
//   [SECTION] Entry points   check_survey, parse_survey
//
// Every problem is one line: "<source>:<line>:<column>: ..." for bytes and syntax, "<source>: ..."
// (naming the question and option) for meaning. Nothing here throws out: nlohmann exceptions are
// caught where they can happen.
#include "kiosk/core/survey_loader.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/expression.hpp"
#include "kiosk/core/sha256.hpp"
#include "kiosk/core/text_pattern.hpp"

#include "kiosk/core/utf8.hpp"

namespace standpoint {
namespace {

using nlohmann::json;

constexpr std::size_t max_file_bytes = 1024 * 1024;
constexpr int max_nesting_depth = 32;
constexpr std::size_t max_utf8_reports = 5;
constexpr std::size_t max_pattern_chars = 200;
constexpr std::size_t max_url_chars =
    200;  // a QR code of <= 200 bytes stays coarse (version <= 10)
// libstdc++ compiles a{n} by copying the state n times, so a pattern like [0-9]{100000} would eat
// memory and seconds at start-up. A crude upper bound (the product of all repeat counts) keeps
// real patterns (postcodes, phone numbers) well inside and the pathological ones out.
constexpr std::int64_t max_pattern_repeat_product = 10000;
constexpr const char* format_marker = "standpoint-survey/1";

// ---------------------------------------------------------------------------------------------
// [SECTION] Byte checks
// ---------------------------------------------------------------------------------------------

struct LineColumn {
    std::size_t line = 1;
    std::size_t column = 1;
};

// Line and column (both 1-based) of byte `offset`. Columns count characters, not bytes, because
// that is what an editor shows; a byte that is not valid UTF-8 counts as one character.
LineColumn line_column_at(std::string_view bytes, std::size_t offset) {
    LineColumn at;
    offset = std::min(offset, bytes.size());
    // An editor does not show a byte-order mark, so it takes no column.
    std::size_t i = bytes.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3 ? 3 : 0;
    while (i < offset) {
        if (bytes[i] == '\n') {
            ++at.line;
            at.column = 1;
            ++i;
            continue;
        }
        const std::size_t length = utf8_sequence_length(bytes, i);
        i += length == 0 ? 1 : length;
        ++at.column;
    }
    return at;
}

std::string place(const std::string& source, std::string_view bytes, std::size_t offset) {
    const LineColumn at = line_column_at(bytes, offset);
    return source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
}

// The first few bytes that are not UTF-8. Reported before parsing because nlohmann's own message
// for them ("invalid string: ill-formed UTF-8 byte") does not tell a person what to do.
std::vector<std::string> check_utf8(std::string_view bytes, const std::string& source) {
    std::vector<std::string> problems;
    std::size_t i = 0;
    while (i < bytes.size()) {
        const std::size_t length = utf8_sequence_length(bytes, i);
        if (length != 0) {
            i += length;
            continue;
        }
        if (problems.size() == max_utf8_reports) {
            problems.push_back(
                source +
                ": more bytes that are not UTF-8 follow; save the file as UTF-8 and check again");
            break;
        }
        problems.push_back(
            place(source, bytes, i) +
            "this is not valid UTF-8 text; save the file as UTF-8 (not Windows-1252 or Latin-1) "
            "and retype any accented letters here");
        ++i;
    }
    return problems;
}

// Nesting depth, counted over the raw bytes so that a hostile file of a million '[' is refused
// before any parser recurses on it. Brackets inside strings do not count.
std::vector<std::string> check_depth(std::string_view bytes, const std::string& source) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (in_string) {
            if (c == '\\') {
                ++i;  // skip the escaped character, which may be a quote
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            if (++depth > max_nesting_depth) {
                return {place(source, bytes, i) + "brackets are nested more than " +
                        std::to_string(max_nesting_depth) +
                        " deep; a survey needs at most 6, so look for brackets that are opened but "
                        "never closed"};
            }
        } else if (c == '}' || c == ']') {
            depth = std::max(0, depth - 1);
        }
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// [SECTION] JSON parse
// ---------------------------------------------------------------------------------------------

// A hint for the mistakes people make when they write JSON by hand or paste it from a document.
std::string syntax_hint(std::string_view bytes, std::size_t offset) {
    const std::string_view rest = offset < bytes.size() ? bytes.substr(offset) : std::string_view{};
    const auto starts = [&](std::string_view s) { return rest.substr(0, s.size()) == s; };
    if (starts("\xE2\x80\x9C") || starts("\xE2\x80\x9D") || starts("\xE2\x80\x98") ||
        starts("\xE2\x80\x99")) {
        return "curly quotes (from a word processor) are not JSON: use straight double quotes \"";
    }
    if (starts("'"))
        return "JSON needs double quotes \" around names and texts, not single quotes '";
    if (starts("/")) return "JSON does not allow comments; remove this line";
    if (starts("}") || starts("]"))
        return "look for an extra comma just before this, or a missing value";
    if (rest.empty()) return "the file ends too early: look for a missing closing } or ] or \"";
    return "look for a missing or extra comma, quote or bracket at or just before this place";
}

struct Parsed {
    json document;
    std::vector<std::string> problems;
};

Parsed parse_json(std::string_view bytes, const std::string& source) {
    Parsed parsed;
    // nlohmann keeps the last of two equal keys without a word; in a hand-written survey the
    // duplicate is nearly always a copy-paste mistake, so track the keys of each open object.
    std::vector<std::set<std::string>> open_objects;
    std::set<std::string> duplicate_keys;
    const json::parser_callback_t watch_keys = [&](int, json::parse_event_t event, json& value) {
        if (event == json::parse_event_t::object_start) {
            open_objects.emplace_back();
        } else if (event == json::parse_event_t::object_end) {
            if (!open_objects.empty()) open_objects.pop_back();
        } else if (event == json::parse_event_t::key && !open_objects.empty() &&
                   value.is_string()) {
            const auto& key = value.get_ref<const std::string&>();
            if (!open_objects.back().insert(key).second) duplicate_keys.insert(key);
        }
        return true;
    };
    try {
        parsed.document = json::parse(bytes.begin(), bytes.end(), watch_keys);
    } catch (const json::parse_error& e) {
        // e.byte is 1-based and one past the end when input ran out.
        const std::size_t offset =
            e.byte == 0 ? 0 : std::min<std::size_t>(e.byte - 1, bytes.size());
        std::string what = e.what();
        // Drop nlohmann's "[json.exception...] parse error at line 1, column 9: " (its column
        // counts bytes); ours counts characters.
        if (const auto cut = what.find("column "); cut != std::string::npos) {
            if (const auto colon = what.find(": ", cut); colon != std::string::npos)
                what = what.substr(colon + 2);
        }
        parsed.problems.push_back(place(source, bytes, offset) + "JSON syntax error (" + what +
                                  "): " + syntax_hint(bytes, offset));
        return parsed;
    } catch (const json::exception& e) {
        parsed.problems.push_back(source + ": could not read the JSON (" + std::string(e.what()) +
                                  ")");
        return parsed;
    }
    for (const auto& key : duplicate_keys) {
        parsed.problems.push_back(
            source + ": the name \"" + key +
            "\" appears twice in the same { } block; only the last would count, so remove or "
            "rename one");
    }
    return parsed;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Checker
// ---------------------------------------------------------------------------------------------

bool is_numeric_type(QuestionType type) {
    return type == QuestionType::smiley || type == QuestionType::stars ||
           type == QuestionType::scale || type == QuestionType::number;
}

bool is_boolean_type(QuestionType type) {
    return type == QuestionType::yesno || type == QuestionType::consent;
}

// Ids end up as CSV column names, database keys and file names: keep them plain.
bool is_valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

// BCP 47 in the simple form people use: "en", "cy", "pl", "pt-BR", "zh-Hant".
bool is_valid_language_code(const std::string& code) {
    // [a-z]{2,3}(-[A-Za-z0-9]{2,8})*, checked by hand: no regex engine for survey data here.
    if (code.size() > 35) return false;
    const auto is_lower = [](char c) { return c >= 'a' && c <= 'z'; };
    const auto is_alnum = [&](char c) {
        return is_lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    std::size_t at = 0;
    while (at < code.size() && is_lower(code[at])) ++at;
    if (at < 2 || at > 3) return false;
    while (at < code.size()) {
        if (code[at] != '-') return false;
        const std::size_t start = ++at;
        while (at < code.size() && is_alnum(code[at])) ++at;
        if (at - start < 2 || at - start > 8) return false;
    }
    return true;
}

std::string describe_type(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "a whole number";
        case json::value_t::number_float:
            return "a number with a fraction";
        case json::value_t::string:
            return "a text";
        case json::value_t::array:
            return "a list [ ]";
        case json::value_t::object:
            return "a block { }";
        default:
            return "something else";
    }
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The product of the repeat counts in a pattern ({n}, {n,}, {n,m}): an upper bound on how many
// copies of a state libstdc++ will build.
std::int64_t repeat_product(const std::string& pattern) {
    std::int64_t product = 1;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\') {
            ++i;
            continue;
        }
        if (pattern[i] != '{') continue;
        std::int64_t largest = 0;
        std::int64_t current = 0;
        std::size_t j = i + 1;
        for (; j < pattern.size() && pattern[j] != '}'; ++j) {
            if (pattern[j] >= '0' && pattern[j] <= '9') {
                current = std::min<std::int64_t>(current * 10 + (pattern[j] - '0'),
                                                 max_pattern_repeat_product + 1);
            } else {
                largest = std::max(largest, current);
                current = 0;
            }
        }
        largest = std::max(largest, current);
        product =
            std::min(product * std::max<std::int64_t>(largest, 1), max_pattern_repeat_product + 1);
        i = j;
    }
    return product;
}

class Checker {
public:
    Checker(const std::string& source, std::vector<std::string>& problems)
        : source_(source), problems_(problems) {}

    void check_survey_object(const json& root, Survey& survey) {
        if (!root.is_object()) {
            problem("", "the file must be one JSON object { ... } with \"format\": \"" +
                            std::string(format_marker) + "\", not " + describe_type(root));
            return;
        }
        check_keys(
            root, "",
            {"$schema", "format", "id", "version", "languages", "title", "intro", "privacy_notice",
             "thanks", "you_said_we_did", "more_info_url", "keep_partial", "idle_timeout_s",
             "questions", "mode", "privacy_as_line", "auto_advance", "thanks_s"});
        note_all_ids(root);
        check_format(root);
        survey.id = required_id(root, "", "id");
        survey.version =
            static_cast<int>(optional_integer(root, "", "version", 1, 1'000'000, 0, true));
        check_languages(root, survey);
        languages_ = survey.languages;  // every text is checked against these

        survey.title = text_field(root, "", "the survey", "title", true);
        survey.intro = text_field(root, "", "the survey", "intro", true);
        survey.privacy_notice = text_field(root, "", "the survey", "privacy_notice", false);
        survey.thanks = text_field(root, "", "the survey", "thanks", true);
        survey.you_said_we_did = text_field(root, "", "the survey", "you_said_we_did", false);
        survey.more_info_url = check_more_info_url(root);
        survey.keeps_partial = optional_bool(root, "", "keep_partial", false);
        survey.idle_timeout_s =
            static_cast<int>(optional_integer(root, "", "idle_timeout_s", 10, 600, 60, false));
        survey.is_one_question = check_mode(root);
        survey.privacy_as_line = optional_bool(root, "", "privacy_as_line", false);
        survey.auto_advance = optional_bool(root, "", "auto_advance", false);
        // A one-question kiosk thanks briefly: the next person is usually already waiting.
        survey.thanks_s = static_cast<int>(
            optional_integer(root, "", "thanks_s", 2, 120, survey.is_one_question ? 4 : 15, false));

        const auto questions = root.find("questions");
        if (questions == root.end()) {
            problem("",
                    "there is no \"questions\" list; add \"questions\": [ ... ] with at least one "
                    "question");
            return;
        }
        if (!questions->is_array()) {
            problem("", "\"questions\" must be a list [ ... ], not " + describe_type(*questions));
            return;
        }
        if (questions->empty()) {
            problem("", "the survey has no questions; add at least one to \"questions\"");
            return;
        }
        std::set<std::string> seen_ids;
        for (std::size_t i = 0; i < questions->size(); ++i) {
            Question question = check_question((*questions)[i], i, survey, seen_ids);
            survey.questions.push_back(std::move(question));
        }
        if (survey.is_one_question) check_one_question(survey);
    }

private:
    // -- reporting ----------------------------------------------------------------------------

    void problem(const std::string& where, const std::string& what) {
        problems_.push_back(source_ + ": " + (where.empty() ? "" : where + ": ") + what);
    }

    // "question 'age' has no prompt in 'cy'" or, for a part of a question, "question 'age': option
    // 'x' has ...".
    void problem_about(const std::string& where, const std::string& owner,
                       const std::string& what) {
        if (owner == where || where.empty()) {
            problems_.push_back(source_ + ": " + owner + what);
        } else {
            problems_.push_back(source_ + ": " + where + ": " + owner + what);
        }
    }

    void check_keys(const json& object, const std::string& where,
                    std::initializer_list<const char*> known) {
        const std::vector<std::string> names(known.begin(), known.end());
        for (const auto& item : object.items()) {
            if (std::find(names.begin(), names.end(), item.key()) == names.end())
                unknown_key(where, item.key(), names);
        }
    }

    void unknown_key(const std::string& where, const std::string& key,
                     const std::vector<std::string>& known) {
        std::string suggestion;
        std::size_t best = 3;  // only suggest near misses: "requried", "promt", "option"
        for (const auto& candidate : known) {
            const std::size_t distance = edit_distance(key, candidate);
            if (distance < best) {
                best = distance;
                suggestion = candidate;
            }
        }
        problem(where, "unknown name \"" + key + "\"" +
                           (suggestion.empty()
                                ? "; remove it or check the spelling in docs/survey-format.md"
                                : "; did you mean \"" + suggestion + "\"?"));
    }

    // -- plain values -------------------------------------------------------------------------

    std::string required_id(const json& object, const std::string& where, const char* key) {
        const auto it = object.find(key);
        if (it == object.end()) {
            problem(where, "\"" + std::string(key) + "\" is missing; add one, e.g. \"" + key +
                               "\": \"" + (where.empty() ? "my-survey" : "my_id") + "\"");
            return "";
        }
        if (!it->is_string()) {
            problem(where, "\"" + std::string(key) + "\" must be a text in quotes, not " +
                               describe_type(*it));
            return "";
        }
        const auto& id = it->get_ref<const std::string&>();
        if (!is_valid_id(id)) {
            problem(where,
                    "\"" + std::string(key) + "\" \"" + id +
                        "\" is not a valid id; use 1 to 64 letters, digits, _ or - (no spaces)");
            return "";
        }
        return id;
    }

    // The organisation's page for the thank-you screen's QR code. https only: a resident's phone
    // opens it on whatever network it finds, and a plain-http page can be swapped on the way.
    // Short enough for a QR code a phone reads from a metre away.
    std::string check_more_info_url(const json& object) {
        const auto it = object.find("more_info_url");
        if (it == object.end()) return "";
        if (!it->is_string()) {
            problem("",
                    "\"more_info_url\" must be a web address in quotes, not " + describe_type(*it));
            return "";
        }
        const auto& url = it->get_ref<const std::string&>();
        const std::string scheme = "https://";
        const bool has_bad_char = std::any_of(url.begin(), url.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte <= 0x20 || byte == 0x7F || byte >= 0x80;
        });
        if (url.rfind(scheme, 0) != 0 || url.size() == scheme.size() || url[scheme.size()] == '/') {
            problem("", "\"more_info_url\" \"" + url +
                            "\" must be a full web address starting with https://, e.g. "
                            "\"https://www.example.gov.uk/you-said-we-did\"");
            return "";
        }
        if (has_bad_char) {
            problem("",
                    "\"more_info_url\" must not contain spaces or non-ASCII letters; "
                    "percent-encode them (a space is %20)");
            return "";
        }
        if (url.size() > max_url_chars) {
            problem("", "\"more_info_url\" is " + std::to_string(url.size()) +
                            " characters long; use one of at most " +
                            std::to_string(max_url_chars) +
                            " so its QR code stays readable (a short link will do)");
            return "";
        }
        return url;
    }

    // "mode": "survey" (the default) or "one_question".
    bool check_mode(const json& root) {
        const auto it = root.find("mode");
        if (it == root.end()) return false;
        if (it->is_string() && it->get<std::string>() == "survey") return false;
        if (it->is_string() && it->get<std::string>() == "one_question") return true;
        problem("", "\"mode\" must be \"survey\" or \"one_question\", not " + it->dump());
        return false;
    }

    // The attract screen is the question: one tap must be a whole answer, and nothing may stand
    // between the tap and the saved response.
    void check_one_question(const Survey& survey) {
        if (survey.questions.size() != 1) {
            problem("", "\"mode\": \"one_question\" needs exactly one question, not " +
                            std::to_string(survey.questions.size()));
            return;
        }
        const QuestionType type = survey.questions.front().type;
        const bool is_one_tap = type == QuestionType::smiley || type == QuestionType::stars ||
                                type == QuestionType::scale || type == QuestionType::yesno ||
                                type == QuestionType::single;
        if (!is_one_tap)
            problem("", std::string("\"mode\": \"one_question\" needs a question answered by one "
                                    "tap (smiley, stars, scale, yesno or single), not ") +
                            to_string(type));
        if (!survey.privacy_notice.empty() && !survey.privacy_as_line)
            problem("",
                    "\"mode\": \"one_question\" has no privacy screen; set "
                    "\"privacy_as_line\": true to show the notice as a line, or remove it");
    }

    bool optional_bool(const json& object, const std::string& where, const char* key,
                       bool fallback) {
        const auto it = object.find(key);
        if (it == object.end()) return fallback;
        if (!it->is_boolean()) {
            problem(where, "\"" + std::string(key) + "\" must be true or false (no quotes), not " +
                               describe_type(*it));
            return fallback;
        }
        return it->get<bool>();
    }

    bool has_integer(const json& object, const char* key) const {
        const auto it = object.find(key);
        return it != object.end() && it->is_number_integer();
    }

    // A whole number in [low, high]; `fallback` when absent (or a problem when `is_required`).
    std::int64_t optional_integer(const json& object, const std::string& where, const char* key,
                                  std::int64_t low, std::int64_t high, std::int64_t fallback,
                                  bool is_required) {
        const auto it = object.find(key);
        if (it == object.end()) {
            if (is_required)
                problem(where, "\"" + std::string(key) + "\" is missing; add e.g. \"" + key +
                                   "\": " + std::to_string(low));
            return fallback;
        }
        const std::string range = std::to_string(low) + " to " + std::to_string(high);
        if (!it->is_number_integer()) {
            problem(where, "\"" + std::string(key) + "\" must be a whole number from " + range +
                               ", not " + describe_type(*it));
            return fallback;
        }
        // Unsigned values above int64 would wrap in get<int64_t>, and anything past high is out
        // anyway.
        if (it->is_number_unsigned() &&
            it->get<std::uint64_t>() > static_cast<std::uint64_t>(high)) {
            problem(where,
                    "\"" + std::string(key) + "\" must be from " + range + ", not " + it->dump());
            return fallback;
        }
        const auto value = it->get<std::int64_t>();
        if (value < low || value > high) {
            problem(where, "\"" + std::string(key) + "\" must be from " + range + ", not " +
                               std::to_string(value));
            return fallback;
        }
        return value;
    }

    void check_format(const json& root) {
        const auto it = root.find("format");
        if (it == root.end()) {
            problem("", "\"format\" is missing; add \"format\": \"" + std::string(format_marker) +
                            "\" so the kiosk knows this is a survey file");
        } else if (!it->is_string() || it->get_ref<const std::string&>() != format_marker) {
            const bool is_other_version =
                it->is_string() &&
                it->get_ref<const std::string&>().rfind("standpoint-survey/", 0) == 0;
            problem("", "\"format\" is " +
                            (it->is_string() ? "\"" + it->get<std::string>() + "\""
                                             : describe_type(*it)) +
                            (is_other_version ? ", a version this kiosk cannot read" : "") +
                            "; it must be \"" + format_marker + "\"");
        }
    }

    void check_languages(const json& root, Survey& survey) {
        const auto it = root.find("languages");
        if (it == root.end()) {
            problem("",
                    "\"languages\" is missing; add e.g. \"languages\": [\"en\", \"cy\"] (the first "
                    "is the default)");
            return;
        }
        if (!it->is_array() || it->empty()) {
            problem("",
                    "\"languages\" must be a list of language codes like [\"en\", \"cy\"], not " +
                        (it->is_array() ? std::string("an empty list") : describe_type(*it)));
            return;
        }
        for (const auto& code : *it) {
            if (!code.is_string() || !is_valid_language_code(code.get<std::string>())) {
                problem("", "\"languages\" has " +
                                (code.is_string() ? "\"" + code.get<std::string>() + "\""
                                                  : describe_type(code)) +
                                ", which is not a language code; use lower-case codes like \"en\", "
                                "\"cy\", \"pl\"");
                continue;
            }
            const auto& name = code.get_ref<const std::string&>();
            if (std::find(survey.languages.begin(), survey.languages.end(), name) !=
                survey.languages.end()) {
                problem("", "\"languages\" lists \"" + name + "\" twice; list each language once");
                continue;
            }
            survey.languages.push_back(name);
        }
    }

    // A text in every declared language: {"en": "...", "cy": "..."}. `owner` names what it
    // belongs to in a message ("question 'age'", "option 'x'").
    Text text_field(const json& object, const std::string& where, const std::string& owner,
                    const char* key, bool is_required) {
        Text text;
        const auto it = object.find(key);
        if (it == object.end()) {
            if (is_required) {
                problem_about(where, owner,
                              " has no \"" + std::string(key) + "\"; add \"" + key + "\": {" +
                                  example_texts() + "}");
            }
            return text;
        }
        if (!it->is_object()) {
            problem(where, "\"" + std::string(key) +
                               "\" must be a block with one text per language, like {" +
                               example_texts() + "}, not " + describe_type(*it));
            return text;
        }
        for (const auto& item : it->items()) {
            const std::string& language = item.key();
            if (std::find(languages_.begin(), languages_.end(), language) == languages_.end()) {
                if (!languages_.empty()) {
                    problem_about(where, owner,
                                  " has " + std::string(key) + " in \"" + language +
                                      "\", which is not in \"languages\"; add \"" + language +
                                      "\" to \"languages\" or remove this text");
                }
                continue;
            }
            if (!item.value().is_string()) {
                problem_about(where, owner,
                              "'s " + std::string(key) + " in '" + language +
                                  "' must be a text in quotes, not " + describe_type(item.value()));
                continue;
            }
            text.by_language[language] = item.value().get<std::string>();
        }
        for (const auto& language : languages_) {
            const auto found = text.by_language.find(language);
            if (found == text.by_language.end()) {
                if (it->contains(language)) continue;  // wrong type, already reported
                problem_about(where, owner,
                              " has no " + std::string(key) + " in '" + language + "'; add \"" +
                                  language + "\": \"...\" to its \"" + key + "\"");
            } else if (found->second.find_first_not_of(" \t\r\n") == std::string::npos) {
                problem_about(
                    where, owner,
                    "'s " + std::string(key) + " in '" + language + "' is empty; write the text");
            }
        }
        return text;
    }

    std::string example_texts() const {
        std::string out;
        for (const auto& language : languages_)
            out += (out.empty() ? "\"" : ", \"") + language + "\": \"...\"";
        return out.empty() ? "\"en\": \"...\"" : out;
    }

    // -- questions ----------------------------------------------------------------------------

    Question check_question(const json& value, std::size_t index, const Survey& survey,
                            std::set<std::string>& seen_ids) {
        Question question;
        std::string where = "question " + std::to_string(index + 1);
        if (!value.is_object()) {
            problem(where, "each question must be a block { ... }, not " + describe_type(value));
            return question;
        }
        question.id = required_id(value, where, "id");
        if (!question.id.empty()) {
            where = "question '" + question.id + "'";
            if (!seen_ids.insert(question.id).second) {
                problem(where, "another question already has the id '" + question.id +
                                   "'; every question needs its own id");
            }
        }
        const std::string owner = where;

        std::optional<QuestionType> type;
        const auto type_it = value.find("type");
        if (type_it == value.end()) {
            problem(where,
                    "\"type\" is missing; use one of smiley, stars, scale, yesno, single, multi, "
                    "text, number, consent, info");
        } else if (!type_it->is_string() ||
                   !(type = question_type_from_string(type_it->get<std::string>()))) {
            problem(where, "unknown type " +
                               (type_it->is_string() ? "\"" + type_it->get<std::string>() + "\""
                                                     : describe_type(*type_it)) +
                               "; use one of smiley, stars, scale, yesno, single, multi, text, "
                               "number, consent, info");
        }

        // A name that belongs to another type ("options" on a text question) is reported, not
        // ignored: the kiosk would otherwise drop it without a word.
        static const std::vector<std::string> common = {
            "id",       "type",    "required",   "prompt",         "help",
            "personal_data", "equality", "show_if", "constraint", "constraint_hint"};
        static const std::vector<std::string> type_specific = {
            "max",         "min",        "min_label", "max_label",   "options",
            "max_choices", "max_length", "pattern",   "pattern_hint"};
        std::vector<std::string> known = common;
        if (type) {
            switch (*type) {
                case QuestionType::stars:
                    known.insert(known.end(), {"max"});
                    break;
                case QuestionType::scale:
                    known.insert(known.end(), {"min", "max", "min_label", "max_label"});
                    break;
                case QuestionType::number:
                    known.insert(known.end(), {"min", "max"});
                    break;
                case QuestionType::single:
                    known.insert(known.end(), {"options"});
                    break;
                case QuestionType::multi:
                    known.insert(known.end(), {"options", "max_choices"});
                    break;
                case QuestionType::text:
                    known.insert(known.end(), {"max_length", "pattern", "pattern_hint"});
                    break;
                default:
                    break;
            }
        } else {
            known.insert(known.end(), type_specific.begin(),
                         type_specific.end());  // type unknown: allow any
        }
        for (const auto& item : value.items()) {
            const std::string& key = item.key();
            if (std::find(known.begin(), known.end(), key) != known.end()) continue;
            if (type &&
                std::find(type_specific.begin(), type_specific.end(), key) != type_specific.end()) {
                problem(where, "\"" + key + "\" is not used by a " + to_name(*type) +
                                   " question; remove it or change the type");
                continue;
            }
            std::vector<std::string> all = common;
            all.insert(all.end(), type_specific.begin(), type_specific.end());
            unknown_key(where, key, all);
        }
        if (type) {
            question.type = *type;
        }

        question.prompt = text_field(value, where, owner, "prompt", true);
        question.help = text_field(value, where, owner, "help", false);
        question.is_required = optional_bool(value, where, "required", false);
        question.is_personal_data = optional_bool(value, where, "personal_data", false);
        question.is_equality = optional_bool(value, where, "equality", false);
        if (type == QuestionType::info && question.is_required) {
            problem(where,
                    "an info question has no answer, so it cannot be \"required\"; remove "
                    "\"required\"");
        }

        if (type) check_type_details(value, where, owner, question);
        if (value.contains("show_if")) {
            if (value["show_if"].is_string()) {
                question.show_if_expression =
                    check_expression(value["show_if"], where + ": show_if", question, survey);
            } else {
                question.show_if = check_show_if(value["show_if"], where, question.id, survey);
            }
        }
        check_constraint(value, where, owner, question, survey);
        return question;
    }

    static std::string to_name(QuestionType type) { return to_string(type); }

    void check_type_details(const json& value, const std::string& where, const std::string& owner,
                            Question& question) {
        switch (question.type) {
            case QuestionType::smiley:
                question.min_value = 1;
                question.max_value = 5;
                break;
            case QuestionType::stars:
                question.min_value = 1;
                question.max_value = optional_integer(value, where, "max", 2, 10, 5, false);
                break;
            case QuestionType::scale: {
                // A scale is a row of buttons: 2 to 11 of them fit a kiosk screen (NPS is 0..10).
                const bool is_range_given = has_integer(value, "min") || has_integer(value, "max");
                question.min_value = optional_integer(value, where, "min", -100, 100, 0, false);
                question.max_value = optional_integer(value, where, "max", -100, 100, 10, false);
                if (is_range_given && (question.max_value <= question.min_value ||
                                       question.max_value - question.min_value > 10)) {
                    problem(where,
                            "a scale needs \"min\" below \"max\" with 2 to 11 points (e.g. 0 to "
                            "10), not " +
                                std::to_string(question.min_value) + " to " +
                                std::to_string(question.max_value));
                }
                question.min_label = text_field(value, where, owner, "min_label", false);
                question.max_label = text_field(value, where, owner, "max_label", false);
                break;
            }
            case QuestionType::number: {
                question.min_value = optional_integer(value, where, "min", -number_limit,
                                                      number_limit, default_number_min, false);
                question.max_value = optional_integer(value, where, "max", -number_limit,
                                                      number_limit, default_number_max, false);
                if (question.min_value > question.max_value) {
                    problem(where, "\"min\" (" + std::to_string(question.min_value) +
                                       ") is above \"max\" (" + std::to_string(question.max_value) +
                                       "); swap them");
                }
                break;
            }
            case QuestionType::single:
            case QuestionType::multi:
                check_options(value, where, question);
                if (question.type == QuestionType::multi && value.contains("max_choices")) {
                    const auto count = static_cast<std::int64_t>(
                        std::max<std::size_t>(question.options.size(), 1));
                    question.max_choices = static_cast<int>(
                        optional_integer(value, where, "max_choices", 1, count, 0, false));
                }
                break;
            case QuestionType::text: {
                question.max_length = static_cast<int>(optional_integer(
                    value, where, "max_length", 1, longest_text_max_length, default_text_max_length, false));
                check_pattern(value, where, question);
                question.pattern_hint = text_field(value, where, owner, "pattern_hint", false);
                if (!question.pattern.empty() && !value.contains("pattern_hint")) {
                    problem(where,
                            "a \"pattern\" needs a \"pattern_hint\" telling residents what to "
                            "type, in every language");
                }
                if (question.pattern.empty() && value.contains("pattern_hint") &&
                    !value.contains("pattern")) {
                    problem(where,
                            "\"pattern_hint\" without a \"pattern\" is never shown; add the "
                            "pattern or remove the hint");
                }
                break;
            }
            default:
                break;
        }
    }

    void check_pattern(const json& value, const std::string& where, Question& question) {
        const auto it = value.find("pattern");
        if (it == value.end()) return;
        if (!it->is_string()) {
            problem(where, "\"pattern\" must be a text in quotes, not " + describe_type(*it));
            return;
        }
        const auto& pattern = it->get_ref<const std::string&>();
        if (pattern.empty()) {
            problem(where,
                    "\"pattern\" is empty; remove it, or write the pattern answers must match");
            return;
        }
        if (pattern.size() > max_pattern_chars) {
            problem(where, "\"pattern\" is longer than " + std::to_string(max_pattern_chars) +
                               " characters; keep it simple");
            return;
        }
        if (repeat_product(pattern) > max_pattern_repeat_product) {
            problem(where, "\"pattern\" repeats too much ({n} counts multiply past " +
                               std::to_string(max_pattern_repeat_product) +
                               "); use smaller counts");
            return;
        }
        // RE2 runs it (text_pattern.hpp): a pattern it cannot take is refused here, by name.
        if (const std::string why = text_pattern_problem(pattern); !why.empty()) {
            problem(where, "\"pattern\" cannot be used (" + why +
                               "); patterns are RE2 regular expressions: no backreferences or "
                               "lookaround; check its brackets and backslashes (in JSON a "
                               "backslash is written \\\\)");
            return;
        }
        question.pattern = pattern;
    }

    void check_options(const json& value, const std::string& where, Question& question) {
        const auto it = value.find("options");
        if (it == value.end()) {
            problem(where, "a " + to_name(question.type) +
                               " question needs \"options\": [{\"id\": \"...\", \"label\": {" +
                               example_texts() + "}}, ...]");
            return;
        }
        if (!it->is_array()) {
            problem(where, "\"options\" must be a list [ ... ], not " + describe_type(*it));
            return;
        }
        if (it->size() < 2) {
            problem(where, "\"options\" needs at least 2 options to choose from, not " +
                               std::to_string(it->size()));
        }
        std::set<std::string> seen;
        int prefer_not_count = 0;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const json& entry = (*it)[i];
            std::string option_where = where + ": option " + std::to_string(i + 1);
            if (!entry.is_object()) {
                problem(option_where,
                        "each option must be a block {\"id\": ..., \"label\": {...}}, not " +
                            describe_type(entry));
                continue;
            }
            Option option;
            option.id = required_id(entry, option_where, "id");
            if (!option.id.empty()) {
                option_where = where + ": option '" + option.id + "'";
                if (!seen.insert(option.id).second) {
                    problem(where, "two options have the id '" + option.id +
                                       "'; every option needs its own id");
                }
            }
            check_keys(entry, option_where, {"id", "label", "prefer_not_to_say"});
            // Reads "question 'age': option 'x' has no label in 'cy'".
            option.label =
                text_field(entry, where, option_where.substr(where.size() + 2), "label", true);
            option.is_prefer_not_to_say =
                optional_bool(entry, option_where, "prefer_not_to_say", false);
            if (option.is_prefer_not_to_say) ++prefer_not_count;
            question.options.push_back(std::move(option));
        }
        if (prefer_not_count > 1) problem(where, "only one option can be \"prefer_not_to_say\"");
    }

    std::optional<ShowIf> check_show_if(const json& value, const std::string& where,
                                        const std::string& own_id, const Survey& survey) {
        const std::string here = where + ": show_if";
        if (!value.is_object()) {
            problem(
                here,
                "must be a block like {\"question\": \"earlier_id\", \"any_of\": [\"yes\"]}, not " +
                    describe_type(value));
            return std::nullopt;
        }
        check_keys(value, here, {"question", "any_of", "at_least", "at_most"});
        ShowIf show_if;
        const auto target_it = value.find("question");
        if (target_it == value.end() || !target_it->is_string()) {
            problem(here, "needs \"question\": \"<id of an earlier question>\"");
            return std::nullopt;
        }
        show_if.question_id = target_it->get<std::string>();
        const Question* target = nullptr;
        // survey.questions holds only the questions before this one, so "earlier" is "present".
        for (const auto& earlier : survey.questions) {
            if (!earlier.id.empty() && earlier.id == show_if.question_id) target = &earlier;
        }
        if (target == nullptr) {
            if (show_if.question_id == own_id) {
                problem(here, "points at this question itself; point it at an earlier question");
            } else if (later_ids_.count(show_if.question_id) != 0) {
                problem(here, "points at '" + show_if.question_id +
                                  "', which comes later; a question can only depend on earlier "
                                  "ones, so move it up");
            } else {
                problem(here, "points at '" + show_if.question_id +
                                  "', but there is no question with that id");
            }
            return std::nullopt;
        }
        if (target->type == QuestionType::info) {
            problem(here, "points at '" + target->id + "', an info question, which has no answer");
        }

        bool is_usable = true;
        if (const auto any_of = value.find("any_of"); any_of != value.end()) {
            if (!any_of->is_array() || any_of->empty()) {
                problem(
                    here,
                    "\"any_of\" must be a non-empty list of option ids or \"yes\"/\"no\", not " +
                        describe_type(*any_of));
                is_usable = false;
            } else if (!has_options(target->type) && !is_boolean_type(target->type)) {
                problem(here, "\"any_of\" needs a question with options or a yes/no answer, but '" +
                                  target->id + "' is " + to_name(target->type) +
                                  (is_numeric_type(target->type) ? "; use \"at_least\"/\"at_most\""
                                                                 : ""));
                is_usable = false;
            } else {
                for (const auto& choice : *any_of) {
                    if (!choice.is_string()) {
                        problem(here, "\"any_of\" must list texts in quotes, not " +
                                          describe_type(choice));
                        is_usable = false;
                        continue;
                    }
                    const auto& id = choice.get_ref<const std::string&>();
                    const bool is_known =
                        is_boolean_type(target->type)
                            ? (id == "yes" || id == "no")
                            : std::any_of(target->options.begin(), target->options.end(),
                                          [&](const Option& o) { return o.id == id; });
                    if (!is_known) {
                        problem(here, "\"any_of\" has '" + id + "', which is not " +
                                          (is_boolean_type(target->type)
                                               ? std::string("\"yes\" or \"no\"")
                                               : "an option of '" + target->id + "'"));
                        is_usable = false;
                        continue;
                    }
                    show_if.any_of.push_back(id);
                }
            }
        }
        for (const char* bound : {"at_least", "at_most"}) {
            if (!value.contains(bound)) continue;
            if (!is_numeric_type(target->type)) {
                problem(here,
                        "\"" + std::string(bound) +
                            "\" needs a numeric question (smiley, stars, scale, number), but '" +
                            target->id + "' is " + to_name(target->type));
                is_usable = false;
                continue;
            }
            const auto limit = optional_integer(value, here, bound, target->min_value,
                                                target->max_value, 0, false);
            if (!has_integer(value, bound)) {
                is_usable = false;
                continue;
            }
            (std::string(bound) == "at_least" ? show_if.at_least : show_if.at_most) = limit;
        }
        if (show_if.at_least && show_if.at_most && *show_if.at_least > *show_if.at_most) {
            problem(here, "\"at_least\" is above \"at_most\", so the question would never show");
            is_usable = false;
        }
        if (!show_if.any_of.empty() && (show_if.at_least || show_if.at_most)) {
            problem(here, "use either \"any_of\" or \"at_least\"/\"at_most\", not both");
        }
        return is_usable ? std::optional<ShowIf>(show_if) : std::nullopt;
    }

    // "constraint": an expression the answer must make true, with "constraint_hint" saying why
    // an answer was refused.
    void check_constraint(const json& value, const std::string& where, const std::string& owner,
                          Question& question, const Survey& survey) {
        const bool has_constraint = value.contains("constraint");
        if (has_constraint) {
            if (question.type == QuestionType::info) {
                problem(where, "an info question has no answer to check, so it cannot have a "
                               "\"constraint\"; remove it");
            } else {
                question.constraint =
                    check_expression(value["constraint"], where + ": constraint", question, survey);
            }
        }
        question.constraint_hint = text_field(value, where, owner, "constraint_hint", false);
        if (has_constraint && !value.contains("constraint_hint")) {
            problem(where, "a \"constraint\" needs a \"constraint_hint\" telling residents why "
                           "their answer was refused, in every language");
        }
        if (!has_constraint && value.contains("constraint_hint")) {
            problem(where, "\"constraint_hint\" without a \"constraint\" is never shown; add the "
                           "constraint or remove the hint");
        }
    }

    // show_if or constraint written as an expression (kiosk/core/expression.hpp). Every question
    // it names must come earlier and have an answer; options it compares with must exist.
    std::optional<Expression> check_expression(const json& value, const std::string& here,
                                               const Question& question, const Survey& survey) {
        const bool is_constraint = here.size() >= 10 && here.substr(here.size() - 10) == "constraint";
        if (!value.is_string()) {
            problem(here, "must be a text in quotes like \"${earlier_id} = 'yes'\", not " +
                              describe_type(value));
            return std::nullopt;
        }
        Result<Expression> parsed = parse_expression(value.get<std::string>());
        if (!parsed) {
            problem(here, parsed.error().message);
            return std::nullopt;
        }
        bool is_usable = true;
        if (uses_regex(*parsed)) {
            problem(here, "regex() is not used here; give a text question a \"pattern\" instead");
            is_usable = false;
        }
        if (!is_constraint && uses_current(*parsed)) {
            problem(here, "'.' stands for the answer being checked, which only a constraint has; "
                          "name the question with ${id}");
            is_usable = false;
        }
        for (const auto& id : referenced_questions(*parsed)) {
            const Question* target = nullptr;
            for (const auto& earlier : survey.questions) {
                if (!earlier.id.empty() && earlier.id == id) target = &earlier;
            }
            if (target == nullptr) {
                is_usable = false;
                if (id == question.id) {
                    problem(here, is_constraint
                                      ? "names this question itself; write '.' for its answer"
                                      : "points at this question itself; point it at an earlier "
                                        "question");
                } else if (later_ids_.count(id) != 0) {
                    problem(here, "points at '" + id +
                                      "', which comes later; a question can only depend on "
                                      "earlier ones, so move it up");
                } else {
                    problem(here, "points at '" + id + "', but there is no question with that id");
                }
            } else if (target->type == QuestionType::info) {
                problem(here, "points at '" + id + "', an info question, which has no answer");
                is_usable = false;
            }
        }
        check_compared_options(*parsed, here, survey, is_usable);
        return is_usable ? std::optional<Expression>(std::move(parsed.value())) : std::nullopt;
    }

    // ${q} = 'x', ${q} != 'x' and selected(${q}, 'x'): 'x' must be one of q's options (or yes/no),
    // so a typo is caught here rather than hiding a question for ever.
    void check_compared_options(const Expression& e, const std::string& here, const Survey& survey,
                                bool& is_usable) {
        const bool is_comparison = e.kind == ExpressionKind::equal ||
                                   e.kind == ExpressionKind::not_equal ||
                                   e.kind == ExpressionKind::selected;
        if (is_comparison && e.children.size() == 2 &&
            e.children[0].kind == ExpressionKind::question &&
            e.children[1].kind == ExpressionKind::text && !e.children[1].text.empty()) {
            const Question* target = survey.find(e.children[0].text);
            const std::string& wanted = e.children[1].text;
            if (target != nullptr && has_options(target->type) &&
                std::none_of(target->options.begin(), target->options.end(),
                             [&](const Option& o) { return o.id == wanted; })) {
                problem(here, "'" + wanted + "' is not an option of '" + target->id + "'");
                is_usable = false;
            } else if (target != nullptr && is_boolean_type(target->type) && wanted != "yes" &&
                       wanted != "no") {
                problem(here, "'" + target->id + "' is answered 'yes' or 'no', not '" + wanted +
                                  "'");
                is_usable = false;
            }
        }
        for (const auto& child : e.children) check_compared_options(child, here, survey, is_usable);
    }

    // Every question id in the file, so show_if can tell "later" from "unknown".
    void note_all_ids(const json& root) {
        if (!root.is_object() || !root.contains("questions") || !root["questions"].is_array())
            return;
        for (const auto& question : root["questions"]) {
            if (question.is_object() && question.contains("id") && question["id"].is_string()) {
                later_ids_.insert(question["id"].get<std::string>());
            }
        }
    }

    const std::string& source_;
    std::vector<std::string>& problems_;
    std::vector<std::string> languages_;
    std::set<std::string> later_ids_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Entry points
// ---------------------------------------------------------------------------------------------

std::vector<std::string> check_into(std::string_view bytes, const std::string& source,
                                    Survey& survey) {
    std::vector<std::string> problems;
    if (bytes.size() > max_file_bytes) {
        return {source + ": the file is " + std::to_string(bytes.size()) +
                " bytes, more than the 1 MiB a survey may be; "
                "is this the right file?"};
    }
    if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return {source + ": the file is empty; a survey file starts with { \"format\": \"" +
                std::string(format_marker) + "\", ..."};
    }
    if (auto utf8 = check_utf8(bytes, source); !utf8.empty()) return utf8;
    if (auto depth = check_depth(bytes, source); !depth.empty()) return depth;
    Parsed parsed = parse_json(bytes, source);
    problems = std::move(parsed.problems);
    if (parsed.document.is_discarded() || (parsed.document.is_null() && !problems.empty()))
        return problems;

    Checker checker(source, problems);
    checker.check_survey_object(parsed.document, survey);
    return problems;
}

}  // namespace

std::vector<std::string> check_survey(std::string_view bytes, const std::string& source_name) {
    try {
        Survey survey;
        return check_into(bytes, source_name, survey);
    } catch (const std::exception& e) {
        // Should never happen; if it does, it is still a message and not a crash.
        return {source_name + ": could not check this file (" + std::string(e.what()) + ")"};
    }
}

Result<Survey> parse_survey(std::string_view bytes, const std::string& source_name) {
    try {
        Survey survey;
        const auto problems = check_into(bytes, source_name, survey);
        if (!problems.empty()) {
            std::string message;
            for (const auto& line : problems) message += (message.empty() ? "" : "\n") + line;
            return Error{message};
        }
        survey.sha256 = sha256_hex(bytes);
        return survey;
    } catch (const std::exception& e) {
        return Error{source_name + ": could not read this file (" + std::string(e.what()) + ")"};
    }
}

}  // namespace standpoint
