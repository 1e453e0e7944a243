// A JSON text checked against limits on its shape before anything is built from it (nlohmann's
// SAX interface: no value is materialised, memory stays at one token). A DOM parse of 16 MiB of
// "[{},{},...]" allocates gigabytes; this refuses it after the first value over the cap.
// Pure: text in, a message out.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "kiosk/core/result.hpp"

namespace standpoint {

struct JsonLimits {
    std::size_t max_depth = 16;        // arrays and objects inside each other
    std::size_t max_values = 200'000;  // every value (containers, scalars), keys not counted
    std::size_t max_string_bytes = 2u * 1024u * 1024u;  // one string value, unescaped
    std::size_t max_key_bytes = 256;                    // one object key, unescaped
};

// The limits a batch body is held to: a batch of max_batch_responses responses of the protocol's
// shape (about 17 values each, no parsed "answers" copy) fits with room to spare; strings up to a
// survey definition (2 MiB).
JsonLimits batch_json_limits();
// responses.jsonl lines, manifest.json and surveys.json of a USB export.
JsonLimits export_json_limits();

// ok when `text` is one well-formed JSON value within `limits`. Otherwise an error naming `what`
// ("The batch", "surveys.json") and the limit passed, or the byte where the syntax broke.
Status check_json_limits(std::string_view text, const JsonLimits& limits, std::string_view what);

// The same check and the value built in the same single pass: every event is counted against
// `limits` before the value grows by it, so the first value over a limit stops the parse (the
// bomb above never allocates). Same messages as check_json_limits.
Result<nlohmann::json> parse_json_within(std::string_view text, const JsonLimits& limits,
                                         std::string_view what);

}  // namespace standpoint
