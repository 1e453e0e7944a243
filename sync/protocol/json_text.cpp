#include "sync/protocol/json_text.hpp"

#include <stdexcept>

#include "kiosk/core/utf8.hpp"

namespace standpoint {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

void append_unit(std::string& out, unsigned unit) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex_digits[(unit >> shift) & 0xFu];
}

// The escape of one ASCII byte, or nullptr when it goes as it is.
const char* short_escape(char c) {
    switch (c) {
        case '"':
            return "\\\"";
        case '\\':
            return "\\\\";
        case '\b':
            return "\\b";
        case '\f':
            return "\\f";
        case '\n':
            return "\\n";
        case '\r':
            return "\\r";
        case '\t':
            return "\\t";
        default:
            return nullptr;
    }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text, NonAscii non_ascii) {
    out += '"';
    std::size_t plain_from = 0;  // bytes that need no escape are appended a run at a time
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x80) {
            const std::size_t length = utf8_sequence_length(text, i);
            if (length == 0)
                throw std::invalid_argument(
                    "text that is not valid UTF-8 cannot be written as JSON");
            if (non_ascii == NonAscii::as_is) {
                i += length;
                continue;
            }
            out.append(text.substr(plain_from, i - plain_from));
            const char32_t code_point = next_code_point(text, i);
            if (code_point > 0xFFFF) {
                const auto above = static_cast<unsigned>(code_point - 0x10000);
                append_unit(out, 0xD800u + (above >> 10));
                append_unit(out, 0xDC00u + (above & 0x3FFu));
            } else {
                append_unit(out, static_cast<unsigned>(code_point));
            }
            plain_from = i;
            continue;
        }
        const char* escape = short_escape(text[i]);
        const bool is_del_escaped = byte == 0x7F && non_ascii == NonAscii::escaped;  // as dump()
        if (escape != nullptr || byte < 0x20 || is_del_escaped) {
            out.append(text.substr(plain_from, i - plain_from));
            if (escape != nullptr)
                out += escape;
            else
                append_unit(out, byte);
            plain_from = i + 1;
        }
        ++i;
    }
    out.append(text.substr(plain_from));
    out += '"';
}

}  // namespace standpoint
