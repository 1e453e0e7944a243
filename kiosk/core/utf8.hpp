// UTF-8, in one place: validating what comes in (survey files, answers), decoding for shaping,
// and cutting or counting text that is already valid (keyboard, exports). Pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace standpoint {

// Length of the valid UTF-8 sequence starting at bytes[i], or 0 when it is not one: overlong
// forms, UTF-16 surrogates and code points above U+10FFFF are invalid too, because they would
// break the JSON and the exports later.
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i);

bool is_valid_utf8(std::string_view bytes);

// Code points in `text`, or nullopt if it is not valid UTF-8 or holds a NUL (which would cut the
// text short in C APIs).
std::optional<std::size_t> count_code_points(std::string_view text);

// Decodes one code point at `i` and moves `i` past it; a malformed byte comes out as U+FFFD and
// moves one byte, so decoding never stops on bad input.
char32_t next_code_point(std::string_view text, std::size_t& i);

// For text already known to be valid: code points counted by their lead bytes, the first `count`
// of them, the longest prefix of at most `max_bytes` that ends on a code point boundary, and the
// last code point removed.
std::size_t code_points_in(std::string_view valid_text);
std::string_view first_code_points(std::string_view valid_text, std::size_t count);
std::string_view prefix_within_bytes(std::string_view valid_text, std::size_t max_bytes);
void pop_code_point(std::string& valid_text);

inline bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace standpoint
