// The direct JSON writers against nlohmann's dump(), which they must match byte for byte: the
// export's JSONL lines and batch/2 bodies are written with them, and readers (the collector's
// import, people's tools) were written against dump()'s output.
#include "sync/protocol/json_text.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>

#include "kiosk/core/answer.hpp"
#include "kiosk/core/sha256.hpp"
#include "sync/protocol/batch.hpp"

using namespace standpoint;
using nlohmann::json;

namespace {

std::string written(std::string_view text, NonAscii non_ascii) {
    std::string out;
    append_json_string(out, text, non_ascii);
    return out;
}

std::string dumped(const std::string& text, NonAscii non_ascii) {
    return json(text).dump(-1, ' ', non_ascii == NonAscii::escaped);
}

// Text a resident might type and more: ASCII with every control character, quotes and
// backslashes, Welsh, Polish and Urdu letters, emoji (above U+FFFF), DEL.
std::string random_text(std::mt19937& random) {
    static const std::vector<std::string> pieces = {
        "a", "Z", " ",    "0", "\"", "\\",       "/",      "\x7f",   "ŵ", "ŷ",           "ł",
        "ż", "ę", "اردو", "ں", "😀",  "👍🏽", "\u2028", "\u00a0", "€", "\xef\xbb\xbf"};
    std::string text;
    const int length = static_cast<int>(random() % 24);
    for (int i = 0; i < length; ++i) {
        if (random() % 6 == 0)
            text += static_cast<char>(random() % 0x20);  // any control character, NUL too
        else
            text += pieces[random() % pieces.size()];
    }
    return text;
}

Answers random_answers(std::mt19937& random) {
    Answers answers;
    const int count = static_cast<int>(random() % 8);
    for (int i = 0; i < count; ++i) {
        const std::string question = "q" + std::to_string(random() % 12);
        switch (random() % 5) {
            case 0:
                answers[question] = NumberAnswer{static_cast<std::int64_t>(random()) - (1 << 30)};
                break;
            case 1:
                answers[question] = YesNoAnswer{random() % 2 == 0};
                break;
            case 2:
                answers[question] = ChoiceAnswer{random_text(random)};
                break;
            case 3:
                answers[question] = ChoicesAnswer{{random_text(random), "b"}};
                break;
            default:
                answers[question] = TextAnswer{random_text(random)};
                break;
        }
    }
    return answers;
}

}  // namespace

TEST_CASE("a JSON string is written as dump() writes it, with and without non-ASCII escaped") {
    for (const std::string& text :
         {std::string(), std::string("plain"), std::string("\"\\/\b\f\n\r\t"),
          std::string("\x00\x01\x1f\x7f", 4), std::string("Diolch yn fawr ŵŷ"),
          std::string("Dziękuję"), std::string("شکریہ"), std::string("😀 above U+FFFF"),
          std::string("\xef\xbf\xbf")}) {
        CAPTURE(text);
        CHECK(written(text, NonAscii::as_is) == dumped(text, NonAscii::as_is));
        CHECK(written(text, NonAscii::escaped) == dumped(text, NonAscii::escaped));
    }
    std::mt19937 random(20261205);
    for (int i = 0; i < 5000; ++i) {
        const std::string text = random_text(random);
        CAPTURE(text);
        REQUIRE(written(text, NonAscii::as_is) == dumped(text, NonAscii::as_is));
        REQUIRE(written(text, NonAscii::escaped) == dumped(text, NonAscii::escaped));
    }
}

TEST_CASE("text that is not UTF-8 is refused, as dump() refuses it") {
    for (const std::string& text : {std::string("\xff"), std::string("ok\xc3"),
                                    std::string("\xed\xa0\x80"),  // a UTF-16 surrogate
                                    std::string("\xc0\xaf")}) {   // an overlong '/'
        CAPTURE(text);
        CHECK_THROWS_AS((void)dumped(text, NonAscii::as_is), json::type_error);
        for (NonAscii non_ascii : {NonAscii::as_is, NonAscii::escaped})
            CHECK_THROWS_AS((void)written(text, non_ascii), std::invalid_argument);
    }
}

TEST_CASE(
    "a response record is written as response_record_to_json(record, true).dump() writes it") {
    std::mt19937 random(5122026);
    for (int i = 0; i < 2000; ++i) {
        ResponseRecord record;
        record.id = "0190f3b2-7c1a-7def-8abc-" + std::to_string(100000000000 + i);
        record.seq = 1 + static_cast<std::int64_t>(random() % 1'000'000'000);
        record.device_id = "0b8e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
        record.survey = {random_text(random), static_cast<int>(random() % 40), sha256_hex("s")};
        record.event_id = random_text(random);
        record.started_at = "2026-11-23T14:05:09.123Z";
        record.completed_at = "2026-11-23T14:06:10.000Z";
        record.utc_offset_minutes = static_cast<int>(random() % 1441) - 720;
        record.language = random() % 2 ? "cy" : "ur";
        record.status = random() % 2 ? "complete" : "partial";
        record.answers_json = answers_to_json(random_answers(random)).dump();  // as the store does
        record.sha256 = sha256_hex(record.answers_json);
        std::string line;
        append_response_record_text(line, record);
        CAPTURE(record.answers_json);
        REQUIRE(line == response_record_to_json(record, true).dump());
    }
}
