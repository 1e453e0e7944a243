#include "sync/protocol/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <utility>

namespace standpoint {

namespace {

// zlib counts in uInt; feed it at most this much at a time.
constexpr std::size_t chunk_bytes = 1u << 20;

Bytef* in_ptr(std::string_view bytes) {
    // zlib's next_in is not const-qualified but never writes through it.
    return const_cast<Bytef*>(reinterpret_cast<const Bytef*>(bytes.data()));
}

}  // namespace

Result<std::string> gzip_compress(std::string_view bytes) {
    z_stream stream{};
    // 15 + 16: a gzip wrapper rather than raw zlib, as Content-Encoding: gzip means.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return Error{"Could not start gzip compression (zlib out of memory)."};
    }
    std::string out;
    std::string buffer(chunk_bytes, '\0');
    std::size_t offset = 0;
    int result = Z_OK;
    do {
        const std::size_t take = std::min(bytes.size() - offset, chunk_bytes);
        stream.next_in = in_ptr(bytes.substr(offset, take));
        stream.avail_in = static_cast<uInt>(take);
        offset += take;
        const int flush = offset == bytes.size() ? Z_FINISH : Z_NO_FLUSH;
        do {
            stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
            stream.avail_out = static_cast<uInt>(buffer.size());
            result = deflate(&stream, flush);
            if (result == Z_STREAM_ERROR) {
                deflateEnd(&stream);
                return Error{"gzip compression failed."};
            }
            out.append(buffer.data(), buffer.size() - stream.avail_out);
        } while (stream.avail_out == 0);
    } while (result != Z_STREAM_END);
    deflateEnd(&stream);
    return out;
}

struct GzipInflater::Zlib {
    z_stream stream{};
    bool started = false;
    ~Zlib() {
        if (started) inflateEnd(&stream);
    }
};

GzipInflater::GzipInflater(std::size_t max_output_bytes)
    : zlib_(std::make_unique<Zlib>()), max_output_bytes_(max_output_bytes) {
    zlib_->started = inflateInit2(&zlib_->stream, 15 + 16) == Z_OK;  // gzip wrapper only
    if (!zlib_->started) fail(GunzipFailure::corrupt, "Could not start gzip decompression.");
}

GzipInflater::~GzipInflater() = default;

bool GzipInflater::fail(GunzipFailure kind, const char* message) {
    if (failure_ == GunzipFailure::none) {
        failure_ = kind;
        message_ = message;
        out_.clear();
        out_.shrink_to_fit();
    }
    return false;
}

bool GzipInflater::feed(std::string_view bytes) {
    if (failure_ != GunzipFailure::none) return false;
    if (bytes.empty()) return true;
    if (ended_) return fail(GunzipFailure::corrupt, "There are bytes after the gzip data.");
    z_stream& stream = zlib_->stream;
    char buffer[16 * 1024];
    std::size_t offset = 0;
    for (;;) {
        if (stream.avail_in == 0 && offset < bytes.size()) {
            const std::size_t take = std::min(bytes.size() - offset, chunk_bytes);
            stream.next_in = in_ptr(bytes.substr(offset, take));
            stream.avail_in = static_cast<uInt>(take);
            offset += take;
        }
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = static_cast<uInt>(sizeof buffer);
        const int result = inflate(&stream, Z_NO_FLUSH);
        // Z_BUF_ERROR: no progress possible until more input comes (not an error here).
        if (result != Z_OK && result != Z_STREAM_END && result != Z_BUF_ERROR) {
            return fail(GunzipFailure::corrupt, "The body is not valid gzip data.");
        }
        const std::size_t produced = sizeof buffer - stream.avail_out;
        if (out_.size() + produced > max_output_bytes_) {
            return fail(GunzipFailure::too_large,
                        "The body inflates to more than the collector accepts.");
        }
        out_.append(buffer, produced);
        if (result == Z_STREAM_END) {
            // zlib checked the CRC-32 and length trailer. Anything after the member is refused.
            ended_ = true;
            if (stream.avail_in != 0 || offset != bytes.size()) {
                return fail(GunzipFailure::corrupt, "There are bytes after the gzip data.");
            }
            return true;
        }
        // All input taken and the output not full: zlib waits for the next chunk.
        if (stream.avail_in == 0 && offset == bytes.size() && stream.avail_out != 0) break;
    }
    return true;
}

Result<std::string> GzipInflater::finish() {
    if (failure_ == GunzipFailure::none && !ended_) {
        fail(GunzipFailure::corrupt,
             out_.empty() && zlib_->stream.total_in == 0
                 ? "The body is empty, not gzip data."
                 : "The gzip data ends too early (its CRC-32 trailer is missing).");
    }
    if (failure_ != GunzipFailure::none) return Error{message_};
    return std::move(out_);
}

Result<std::string> gzip_decompress(std::string_view gz, std::size_t max_output_bytes,
                                    GunzipFailure* failure) {
    GzipInflater inflater(max_output_bytes);
    inflater.feed(gz);
    auto out = inflater.finish();
    if (failure != nullptr) *failure = inflater.failure();
    return out;
}

}  // namespace standpoint
