// fat_safe_name (export_files.hpp): names FAT32, exFAT and Windows all accept (docs/export.md).
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "kiosk/export/export_files.hpp"

namespace standpoint {

namespace {

bool is_safe(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

// Windows refuses these as a name, and as the part before the first dot ("con.txt").
bool is_device_name(std::string_view name) {
    const auto dot = name.find('.');
    std::string base(name.substr(0, dot));
    for (char& c : base) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static constexpr std::array<std::string_view, 4> plain{"CON", "PRN", "AUX", "NUL"};
    for (const auto device : plain) {
        if (base == device) return true;
    }
    return base.size() == 4 && (base.starts_with("COM") || base.starts_with("LPT")) &&
           base[3] >= '1' && base[3] <= '9';
}

}  // namespace

std::string fat_safe_name(const std::string& text, std::size_t max_length) {
    std::string name;
    bool last_was_replaced = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (is_safe(c)) {
            name += c;
            last_was_replaced = false;
            continue;
        }
        // One '_' per run of other characters; a UTF-8 code point's continuation bytes are part
        // of the same run anyway.
        if (!last_was_replaced) name += '_';
        last_was_replaced = true;
    }
    const auto first_kept = name.find_first_not_of(".-");
    name.erase(0, first_kept == std::string::npos ? name.size() : first_kept);
    if (name.size() > max_length) name.resize(max_length);
    while (!name.empty() && name.back() == '.') name.pop_back();
    if (is_device_name(name)) {
        name.insert(name.begin(), '_');
        if (name.size() > max_length) name.resize(max_length);
    }
    if (name.empty()) return "unnamed";
    return name;
}

}  // namespace standpoint
