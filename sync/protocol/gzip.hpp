// gzip for batch bodies (Content-Encoding: gzip), with zlib. Pure: bytes in memory only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace standpoint {

Result<std::string> gzip_compress(std::string_view bytes);

enum class GunzipFailure { none, corrupt, too_large };

// Inflates one gzip member. Stops as soon as the output would pass `max_output_bytes` (a gzip
// bomb costs at most that much memory) and reports too_large through `failure` if given.
// Trailing bytes after the member are corrupt input.
Result<std::string> gzip_decompress(std::string_view gz, std::size_t max_output_bytes,
                                    GunzipFailure* failure = nullptr);

}  // namespace standpoint
