#include "kiosk/export/zip_writer.hpp"

#include <zlib.h>

#include <ctime>
#include <limits>
#include <stdexcept>

namespace standpoint {

namespace {

constexpr int deflate_level = 1;
constexpr std::size_t chunk_bytes = 64 * 1024;

void put16(std::string& out, std::uint32_t value) {
    out += static_cast<char>(value & 0xFFu);
    out += static_cast<char>((value >> 8) & 0xFFu);
}
void put32(std::string& out, std::uint32_t value) {
    put16(out, value & 0xFFFFu);
    put16(out, value >> 16);
}

}  // namespace

struct DeflatePiece::Stream {
    z_stream z{};
};

DeflatePiece::DeflatePiece(Output out) : stream_(std::make_unique<Stream>()), out_(std::move(out)) {
    // Raw deflate (negative window bits): the zip entry has no zlib header or trailer.
    if (deflateInit2(&stream_->z, deflate_level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        throw std::runtime_error("zlib could not start a deflate stream (out of memory?)");
    crc_ = static_cast<std::uint32_t>(crc32(0L, Z_NULL, 0));
}

DeflatePiece::~DeflatePiece() { deflateEnd(&stream_->z); }

void DeflatePiece::run(int flush, std::string_view text) {
    z_stream& z = stream_->z;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    char buffer[chunk_bytes];
    do {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        const int rc = deflate(&z, flush);
        if (rc == Z_STREAM_ERROR) throw std::runtime_error("zlib's deflate stream broke");
        const std::size_t made = sizeof buffer - z.avail_out;
        compressed_bytes_ += made;
        if (made > 0) out_(std::string_view(buffer, made));
    } while (z.avail_out == 0 || z.avail_in > 0);
}

void DeflatePiece::add(std::string_view text) {
    // Pieces of at most 1 GiB at a time: avail_in is 32 bits.
    while (!text.empty()) {
        const std::string_view part = text.substr(0, std::size_t{1} << 30);
        crc_ = static_cast<std::uint32_t>(crc32(crc_, reinterpret_cast<const Bytef*>(part.data()),
                                                static_cast<uInt>(part.size())));
        text_bytes_ += part.size();
        run(Z_NO_FLUSH, part);
        text.remove_prefix(part.size());
    }
}

void DeflatePiece::end(bool is_last) {
    if (is_ended_) return;
    is_ended_ = true;
    run(is_last ? Z_FINISH : Z_SYNC_FLUSH, {});
}

CompressedPiece compress_piece(std::string_view text, bool is_last) {
    CompressedPiece piece;
    DeflatePiece deflater([&piece](std::string_view bytes) { piece.bytes.append(bytes); });
    deflater.add(text);
    deflater.end(is_last);
    piece.crc = deflater.crc();
    piece.text_bytes = deflater.text_bytes();
    piece.compressed_bytes = deflater.compressed_bytes();
    return piece;
}

ZipWriter::ZipWriter(std::string path, std::uint16_t dos_time, std::uint16_t dos_date)
    : path_(std::move(path)),
      out_(path_, std::ios::binary | std::ios::trunc),
      dos_time_(dos_time),
      dos_date_(dos_date) {}

Result<std::unique_ptr<ZipWriter>> ZipWriter::create(const std::string& path,
                                                     std::int64_t modified_unix_seconds) {
    std::tm utc{};
    const std::time_t seconds = static_cast<std::time_t>(modified_unix_seconds);
    gmtime_r(&seconds, &utc);
    if (utc.tm_year < 80) utc = std::tm{0, 0, 0, 1, 0, 80, 0, 0, 0, 0, nullptr};  // DOS starts 1980
    const auto time =
        static_cast<std::uint16_t>((utc.tm_hour << 11) | (utc.tm_min << 5) | (utc.tm_sec / 2));
    const auto date = static_cast<std::uint16_t>(((utc.tm_year - 80) << 9) |
                                                 ((utc.tm_mon + 1) << 5) | utc.tm_mday);
    auto writer = std::unique_ptr<ZipWriter>(new ZipWriter(path, time, date));
    if (!writer->out_) return Error{"Cannot write the spreadsheet to " + path + "."};
    return writer;
}

Status ZipWriter::write(std::string_view bytes) {
    out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out_) return Error{"Cannot write the spreadsheet to " + path_ + " (is the disk full?)."};
    offset_ += bytes.size();
    return ok_status();
}

Status ZipWriter::add(const std::string& name, const std::vector<const CompressedPiece*>& pieces) {
    std::uint32_t crc = static_cast<std::uint32_t>(crc32(0L, Z_NULL, 0));
    std::uint64_t text_bytes = 0, compressed_bytes = 0;
    for (const CompressedPiece* piece : pieces) {
        crc = static_cast<std::uint32_t>(
            crc32_combine(crc, piece->crc, static_cast<z_off_t>(piece->text_bytes)));
        text_bytes += piece->text_bytes;
        compressed_bytes += piece->compressed_bytes;
    }
    // No zip64: one sheet holds at most Excel's 1,048,576 rows, far below 4 GiB of XML.
    constexpr std::uint64_t limit = std::numeric_limits<std::uint32_t>::max();
    if (text_bytes >= limit || compressed_bytes >= limit || offset_ + compressed_bytes >= limit)
        return Error{"The spreadsheet would pass 4 GiB; export a shorter date range."};
    entries_.push_back(Entry{name, crc, static_cast<std::uint32_t>(compressed_bytes),
                             static_cast<std::uint32_t>(text_bytes),
                             static_cast<std::uint32_t>(offset_)});
    std::string header;
    put32(header, 0x04034b50u);  // local file header
    put16(header, 20);           // version needed: 2.0 (deflate)
    put16(header, 0);            // flags
    put16(header, 8);            // deflate
    put16(header, dos_time_);
    put16(header, dos_date_);
    put32(header, crc);
    put32(header, static_cast<std::uint32_t>(compressed_bytes));
    put32(header, static_cast<std::uint32_t>(text_bytes));
    put16(header, static_cast<std::uint32_t>(name.size()));
    put16(header, 0);  // no extra field
    header += name;
    if (Status written = write(header); !written) return written;
    for (const CompressedPiece* piece : pieces) {
        if (piece->path.empty()) {
            if (Status written = write(piece->bytes); !written) return written;
            continue;
        }
        std::ifstream in(piece->path, std::ios::binary);
        std::string buffer(1u << 20, '\0');
        std::uint64_t copied = 0;
        while (in) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            const auto got = static_cast<std::size_t>(in.gcount());
            if (got == 0) break;
            if (Status written = write(std::string_view(buffer.data(), got)); !written)
                return written;
            copied += got;
        }
        if (in.bad() || copied != piece->compressed_bytes)
            return Error{"Cannot read back the spreadsheet's rows from " + piece->path + "."};
    }
    return ok_status();
}

Status ZipWriter::add(const std::string& name, std::string_view text) {
    const CompressedPiece piece = compress_piece(text, true);
    return add(name, std::vector<const CompressedPiece*>{&piece});
}

Status ZipWriter::finish() {
    std::string directory;
    for (const Entry& entry : entries_) {
        put32(directory, 0x02014b50u);  // central directory header
        put16(directory, 20);           // made by: 2.0
        put16(directory, 20);           // needed: 2.0
        put16(directory, 0);
        put16(directory, 8);
        put16(directory, dos_time_);
        put16(directory, dos_date_);
        put32(directory, entry.crc);
        put32(directory, entry.compressed_bytes);
        put32(directory, entry.text_bytes);
        put16(directory, static_cast<std::uint32_t>(entry.name.size()));
        put16(directory, 0);  // extra
        put16(directory, 0);  // comment
        put16(directory, 0);  // disk
        put16(directory, 0);  // internal attributes
        put32(directory, 0);  // external attributes
        put32(directory, entry.offset);
        directory += entry.name;
    }
    const std::uint64_t directory_at = offset_;
    if (directory_at + directory.size() >= std::numeric_limits<std::uint32_t>::max())
        return Error{"The spreadsheet would pass 4 GiB; export a shorter date range."};
    std::string end;
    put32(end, 0x06054b50u);  // end of central directory
    put16(end, 0);
    put16(end, 0);
    put16(end, static_cast<std::uint32_t>(entries_.size()));
    put16(end, static_cast<std::uint32_t>(entries_.size()));
    put32(end, static_cast<std::uint32_t>(directory.size()));
    put32(end, static_cast<std::uint32_t>(directory_at));
    put16(end, 0);  // comment
    if (Status written = write(directory + end); !written) return written;
    out_.close();
    if (!out_) return Error{"Cannot write the spreadsheet to " + path_ + " (is the disk full?)."};
    return ok_status();
}

}  // namespace standpoint
