// JSON written directly as text, for the hot paths that must not build a JSON value per record
// (the batch/2 encoder, the export's JSONL lines). Byte for byte what nlohmann's dump() writes
// for the same string, so a record written either way is the same bytes.
#pragma once

#include <string>
#include <string_view>

namespace standpoint {

// Whether text above ASCII is written as it is (UTF-8, as dump() does) or as \uXXXX escapes (a
// surrogate pair above U+FFFF, as dump(-1, ' ', true) does: an ASCII body no proxy can mangle).
enum class NonAscii { as_is, escaped };

// Appends `text` as a JSON string, quotes included, escaped as dump() escapes: \" \\ \b \f \n
// \r \t, other control characters as \u00xx (and DEL when non-ASCII is escaped). Throws
// std::invalid_argument when `text` is not valid UTF-8 (as dump() throws), leaving `out` with
// part of the string.
void append_json_string(std::string& out, std::string_view text, NonAscii non_ascii);

}  // namespace standpoint
