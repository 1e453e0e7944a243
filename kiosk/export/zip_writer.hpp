// A zip archive written front to back, for the export's workbook (docs/export.md "responses.xlsx").
// Entries are raw deflate at level 1: the workbook's sheets are large and repetitive, and level 1
// takes about half the CPU of zlib's default for a few percent more bytes (docs/performance.md).
//
// A sheet is one deflate stream made of pieces compressed apart and joined, as pigz joins them:
// each piece but the last ends with a sync flush (byte-aligned, not final) and starts with an
// empty history, so the pieces decode as one stream. That lets the rows be compressed while they
// are produced, before the column widths that must come ahead of them in the sheet are known.
#pragma once

#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.hpp"

namespace standpoint {

// Raw deflate of text handed over a piece at a time; the compressed bytes go to `out` as they
// come. end() closes the piece: with `is_last` false it ends on a sync flush, so another piece
// may follow it in the same entry.
class DeflatePiece {
public:
    using Output = std::function<void(std::string_view compressed)>;
    explicit DeflatePiece(Output out);
    ~DeflatePiece();
    DeflatePiece(const DeflatePiece&) = delete;
    DeflatePiece& operator=(const DeflatePiece&) = delete;

    void add(std::string_view text);
    void end(bool is_last);

    std::uint32_t crc() const { return crc_; }
    std::uint64_t text_bytes() const { return text_bytes_; }
    std::uint64_t compressed_bytes() const { return compressed_bytes_; }

private:
    void run(int flush, std::string_view text);
    struct Stream;
    std::unique_ptr<Stream> stream_;
    Output out_;
    std::uint32_t crc_ = 0;
    std::uint64_t text_bytes_ = 0;
    std::uint64_t compressed_bytes_ = 0;
    bool is_ended_ = false;
};

// A piece already compressed, kept in a file (a sheet's rows) or in memory.
struct CompressedPiece {
    std::string bytes;      // in memory, or
    std::string path;       // a file holding them
    std::uint32_t crc = 0;  // of the text
    std::uint64_t text_bytes = 0;
    std::uint64_t compressed_bytes = 0;
};

// Text compressed whole into one piece (is_last: it ends the entry).
CompressedPiece compress_piece(std::string_view text, bool is_last);

class ZipWriter {
public:
    // `modified`: the entries' time, as the zip's DOS date and time (UTC).
    static Result<std::unique_ptr<ZipWriter>> create(const std::string& path,
                                                     std::int64_t modified_unix_seconds);
    // One entry from its pieces, in order; the last must have been ended as the last.
    Status add(const std::string& name, const std::vector<const CompressedPiece*>& pieces);
    Status add(const std::string& name, std::string_view text);
    // Writes the central directory; the archive is complete when this returns ok.
    Status finish();

private:
    ZipWriter(std::string path, std::uint16_t dos_time, std::uint16_t dos_date);
    struct Entry {
        std::string name;
        std::uint32_t crc;
        std::uint32_t compressed_bytes;
        std::uint32_t text_bytes;
        std::uint32_t offset;
    };
    Status write(std::string_view bytes);
    std::string path_;
    std::ofstream out_;
    std::uint16_t dos_time_;
    std::uint16_t dos_date_;
    std::uint64_t offset_ = 0;
    std::vector<Entry> entries_;
};

}  // namespace standpoint
