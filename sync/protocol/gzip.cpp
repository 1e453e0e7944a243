#include "sync/protocol/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>

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
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
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

Result<std::string> gzip_decompress(std::string_view gz, std::size_t max_output_bytes,
                                    GunzipFailure* failure) {
    auto fail = [&](GunzipFailure kind, const char* message) -> Result<std::string> {
        if (failure != nullptr) *failure = kind;
        return Error{message};
    };
    if (failure != nullptr) *failure = GunzipFailure::none;
    if (gz.empty()) return fail(GunzipFailure::corrupt, "The body is empty, not gzip data.");
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) {  // gzip wrapper only
        return fail(GunzipFailure::corrupt, "Could not start gzip decompression.");
    }
    std::string out;
    std::string buffer(64u * 1024u, '\0');
    std::size_t offset = 0;
    int result = Z_OK;
    while (result != Z_STREAM_END) {
        if (stream.avail_in == 0) {
            if (offset == gz.size()) {
                inflateEnd(&stream);
                return fail(GunzipFailure::corrupt, "The gzip data ends too early.");
            }
            const std::size_t take = std::min(gz.size() - offset, chunk_bytes);
            stream.next_in = in_ptr(gz.substr(offset, take));
            stream.avail_in = static_cast<uInt>(take);
            offset += take;
        }
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        result = inflate(&stream, Z_NO_FLUSH);
        if (result != Z_OK && result != Z_STREAM_END) {
            // Z_BUF_ERROR with input left cannot happen (output space was given); any other
            // code is bad data or out of memory.
            inflateEnd(&stream);
            return fail(GunzipFailure::corrupt, "The body is not valid gzip data.");
        }
        const std::size_t produced = buffer.size() - stream.avail_out;
        if (out.size() + produced > max_output_bytes) {
            inflateEnd(&stream);
            return fail(GunzipFailure::too_large,
                        "The body inflates to more than the collector accepts.");
        }
        out.append(buffer.data(), produced);
    }
    const bool trailing = stream.avail_in != 0 || offset != gz.size();
    inflateEnd(&stream);
    if (trailing) return fail(GunzipFailure::corrupt, "There are bytes after the gzip data.");
    return out;
}

}  // namespace standpoint
