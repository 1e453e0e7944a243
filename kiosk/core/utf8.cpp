#include "kiosk/core/utf8.hpp"

#include <algorithm>

namespace standpoint {

std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i) {
    const auto byte_at = [&](std::size_t k) -> unsigned {
        return k < bytes.size() ? static_cast<unsigned char>(bytes[k]) : 0x100U;
    };
    const unsigned b0 = byte_at(i);
    if (b0 < 0x80) return 1;
    const auto is_cont = [&](std::size_t k) {
        return (byte_at(k) & 0xC0U) == 0x80U && byte_at(k) < 0x100U;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) return is_cont(i + 1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned b1 = byte_at(i + 1);
        if (b0 == 0xE0 && (b1 < 0xA0 || b1 > 0xBF)) return 0;  // overlong
        if (b0 == 0xED && (b1 < 0x80 || b1 > 0x9F)) return 0;  // UTF-16 surrogates
        return is_cont(i + 1) && is_cont(i + 2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned b1 = byte_at(i + 1);
        if (b0 == 0xF0 && (b1 < 0x90 || b1 > 0xBF)) return 0;  // overlong
        if (b0 == 0xF4 && (b1 < 0x80 || b1 > 0x8F)) return 0;  // above U+10FFFF
        return is_cont(i + 1) && is_cont(i + 2) && is_cont(i + 3) ? 4 : 0;
    }
    return 0;
}

bool is_valid_utf8(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t length = utf8_sequence_length(bytes, i);
        if (length == 0) return false;
        i += length;
    }
    return true;
}

std::optional<std::size_t> count_code_points(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0 || text[i] == '\0') return std::nullopt;
        i += length;
    }
    return count;
}

char32_t next_code_point(std::string_view text, std::size_t& i) {
    const std::size_t length = utf8_sequence_length(text, i);
    if (length == 0) {
        ++i;
        return U'\uFFFD';
    }
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    char32_t value = length == 1 ? byte(0) : byte(0) & (0x7Fu >> length);
    for (std::size_t k = 1; k < length; ++k) value = (value << 6) | (byte(k) & 0x3Fu);
    i += length;
    return value;
}

std::size_t code_points_in(std::string_view valid_text) {
    return static_cast<std::size_t>(std::count_if(valid_text.begin(), valid_text.end(),
                                                  [](char c) { return !is_continuation_byte(c); }));
}

std::string_view first_code_points(std::string_view valid_text, std::size_t count) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < valid_text.size(); ++i) {
        if (is_continuation_byte(valid_text[i])) continue;
        if (seen == count) return valid_text.substr(0, i);
        ++seen;
    }
    return valid_text;
}

std::string_view prefix_within_bytes(std::string_view valid_text, std::size_t max_bytes) {
    if (valid_text.size() <= max_bytes) return valid_text;
    std::size_t end = max_bytes;
    while (end > 0 && is_continuation_byte(valid_text[end])) --end;
    return valid_text.substr(0, end);
}

void pop_code_point(std::string& valid_text) {
    while (!valid_text.empty()) {
        const char last = valid_text.back();
        valid_text.pop_back();
        if (!is_continuation_byte(last)) break;  // reached the lead byte
    }
}

}  // namespace standpoint
