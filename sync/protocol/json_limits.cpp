#include "sync/protocol/json_limits.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "sync/protocol/batch.hpp"

namespace standpoint {

namespace {

using json = nlohmann::json;

// Counts as it goes and stops the parse (returns false) the moment a limit is passed.
class LimitChecker {
public:
    explicit LimitChecker(const JsonLimits& limits) : limits_(limits) {}

    std::string problem;  // empty while within the limits
    bool is_syntax_error = false;  // the bytes are not JSON (not a limit passed)

    bool null() { return value(); }
    bool boolean(bool) { return value(); }
    bool number_integer(json::number_integer_t) { return value(); }
    bool number_unsigned(json::number_unsigned_t) { return value(); }
    bool number_float(json::number_float_t, const json::string_t&) { return value(); }
    bool string(json::string_t& text) {
        if (text.size() > limits_.max_string_bytes) {
            return stop("has a string longer than " + std::to_string(limits_.max_string_bytes) +
                        " bytes");
        }
        return value();
    }
    bool binary(json::binary_t&) { return stop("holds binary data"); }
    bool start_object(std::size_t) { return open(); }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(); }
    bool end_array() { return close(); }
    bool key(json::string_t& text) {
        if (text.size() > limits_.max_key_bytes) {
            return stop("has a member name longer than " + std::to_string(limits_.max_key_bytes) +
                        " bytes");
        }
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
        if (problem.empty()) {
            problem = "is not valid JSON (at byte " + std::to_string(position) + ")";
            is_syntax_error = true;
        }
        return false;
    }

private:
    bool value() {
        if (++values_ > limits_.max_values) {
            return stop("has more than " + std::to_string(limits_.max_values) + " values");
        }
        return true;
    }
    bool open() {
        if (++depth_ > limits_.max_depth) {
            return stop("nests deeper than " + std::to_string(limits_.max_depth) + " levels");
        }
        return value();
    }
    bool close() {
        --depth_;
        return true;
    }
    bool stop(std::string why) {
        problem = std::move(why);
        return false;
    }

    const JsonLimits& limits_;
    std::size_t values_ = 0;
    std::size_t depth_ = 0;
};

// LimitChecker in front of nlohmann's own DOM builder: an event reaches the value only after the
// checker let it pass.
class BoundedDomBuilder {
public:
    BoundedDomBuilder(const JsonLimits& limits, json& out) : checker(limits), dom_(out, false) {}

    LimitChecker checker;

    bool null() { return checker.null() && dom_.null(); }
    bool boolean(bool b) { return checker.boolean(b) && dom_.boolean(b); }
    bool number_integer(json::number_integer_t n) {
        return checker.number_integer(n) && dom_.number_integer(n);
    }
    bool number_unsigned(json::number_unsigned_t n) {
        return checker.number_unsigned(n) && dom_.number_unsigned(n);
    }
    bool number_float(json::number_float_t n, const json::string_t& text) {
        return checker.number_float(n, text) && dom_.number_float(n, text);
    }
    bool string(json::string_t& text) { return checker.string(text) && dom_.string(text); }
    bool binary(json::binary_t& data) { return checker.binary(data); }
    bool start_object(std::size_t n) { return checker.start_object(n) && dom_.start_object(n); }
    bool end_object() { return checker.end_object() && dom_.end_object(); }
    bool start_array(std::size_t n) { return checker.start_array(n) && dom_.start_array(n); }
    bool end_array() { return checker.end_array() && dom_.end_array(); }
    bool key(json::string_t& text) { return checker.key(text) && dom_.key(text); }
    bool parse_error(std::size_t position, const std::string& token,
                     const nlohmann::detail::exception& error) {
        checker.parse_error(position, token, error);
        return false;
    }

private:
    nlohmann::detail::json_sax_dom_parser<json> dom_;
};

}  // namespace

JsonLimits batch_json_limits() {
    JsonLimits limits;
    limits.max_depth = 8;  // body, responses, response, survey or answers, a multi answer's list
    limits.max_values = 40 * max_batch_responses;
    limits.max_string_bytes = max_survey_definition_bytes;
    return limits;
}

JsonLimits export_json_limits() {
    JsonLimits limits;
    limits.max_depth = 8;
    limits.max_values = 200'000;
    limits.max_string_bytes = max_survey_definition_bytes;
    return limits;
}

Status check_json_limits(std::string_view text, const JsonLimits& limits, std::string_view what) {
    LimitChecker checker(limits);
    const bool ok = json::sax_parse(text.begin(), text.end(), &checker);
    if (ok && checker.problem.empty()) return ok_status();
    // A syntax error means the bytes are not JSON at all; a limit means JSON we refuse to build.
    const bool is_syntax_error = checker.problem.empty() || checker.is_syntax_error;
    if (checker.problem.empty()) checker.problem = "is not valid JSON";
    return Error{std::string(what) + " " + checker.problem + ".",
                 is_syntax_error ? ErrorKind::damaged : ErrorKind::invalid_input};
}

}  // namespace standpoint

namespace standpoint {

Result<nlohmann::json> parse_json_within(std::string_view text, const JsonLimits& limits,
                                         std::string_view what) {
    json value;
    BoundedDomBuilder builder(limits, value);
    const bool ok = json::sax_parse(text.begin(), text.end(), &builder);
    if (ok && builder.checker.problem.empty()) return value;
    if (builder.checker.problem.empty()) builder.checker.problem = "is not valid JSON";
    return Error{std::string(what) + " " + builder.checker.problem + "."};
}

}  // namespace standpoint
