#include "kiosk/export/csv_writer.hpp"

#include <charconv>

#include "kiosk/core/local_time.hpp"

namespace standpoint {

bool starts_like_formula(std::string_view text) {
    if (text.empty()) return false;
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

void CsvRow::separate() {
    if (!is_first_) out_ += ',';
    is_first_ = false;
}

void CsvRow::text(std::string_view value) {
    separate();
    out_ += '"';
    if (starts_like_formula(value)) out_ += '\'';
    // Copy runs without quotes in one go; only a quote needs doubling. Newlines stay inside the
    // quotes, as RFC 4180 allows.
    while (!value.empty()) {
        const auto quote = value.find('"');
        if (quote == std::string_view::npos) {
            out_.append(value);
            break;
        }
        out_.append(value.substr(0, quote + 1));
        out_ += '"';
        value.remove_prefix(quote + 1);
    }
    out_ += '"';
}

void CsvRow::number(std::int64_t value) {
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_ += '"';
    out_.append(digits, end);
    out_ += '"';
}

void CsvRow::produced(std::string_view value) {
    separate();
    out_ += '"';
    out_.append(value);
    out_ += '"';
}

void CsvRow::local_datetime(std::int64_t local_seconds) {
    separate();
    out_ += '"';
    append_local_datetime(out_, local_seconds);
    out_ += '"';
}

void CsvRow::end() {
    out_ += "\r\n";
    is_first_ = true;
}

}  // namespace standpoint
