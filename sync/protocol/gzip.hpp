// gzip for batch bodies (Content-Encoding: gzip), with zlib. Pure: bytes in memory only.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "kiosk/core/result.hpp"

namespace standpoint {

Result<std::string> gzip_compress(std::string_view bytes);

enum class GunzipFailure { none, corrupt, too_large };

// Inflates one gzip member as its bytes arrive (a request body read chunk by chunk), so the
// compressed bytes are never held. The output stops before it would pass `max_output_bytes` (a
// gzip bomb costs at most that much memory). finish() accepts only a member that ended with its
// CRC-32 and length trailer checked and nothing after it: a truncated body is corrupt.
class GzipInflater {
public:
    explicit GzipInflater(std::size_t max_output_bytes);
    ~GzipInflater();
    GzipInflater(const GzipInflater&) = delete;
    GzipInflater& operator=(const GzipInflater&) = delete;

    // False once the data is corrupt or too large (failure() says which); later calls do nothing.
    bool feed(std::string_view bytes);
    // The whole inflated text, or the failure (a member that has not ended is corrupt).
    Result<std::string> finish();
    GunzipFailure failure() const { return failure_; }
    std::size_t output_bytes() const { return out_.size(); }

private:
    bool fail(GunzipFailure kind, const char* message);

    struct Zlib;
    std::unique_ptr<Zlib> zlib_;
    std::size_t max_output_bytes_;
    std::string out_;
    bool ended_ = false;
    GunzipFailure failure_ = GunzipFailure::none;
    std::string message_;
};

// One gzip member in memory, through GzipInflater. Reports too_large through `failure` if given.
// Trailing bytes after the member are corrupt input.
Result<std::string> gzip_decompress(std::string_view gz, std::size_t max_output_bytes,
                                    GunzipFailure* failure = nullptr);

}  // namespace standpoint
