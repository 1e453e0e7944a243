// The kiosk store as the export's cursor (kiosk/export/export_stream.hpp): the rows come a chunk
// at a time from ResponseStore::export_rows_after, so an export of 100,000 responses holds one
// chunk, and in the kiosk the store's thread is taken for one chunk at a time, never for the
// whole export (residents' saves go in between).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "kiosk/core/result.hpp"
#include "kiosk/export/export_stream.hpp"
#include "kiosk/store/response_store.hpp"

namespace standpoint::app {

class StoreRows final : public ExportRowSource {
public:
    // Up to `limit` rows with seq > `after_seq` (ResponseStore::export_rows_after with the
    // export's filter), wherever the store may be used.
    using Fetch =
        std::function<Result<std::vector<StoredResponse>>(std::int64_t after_seq, int limit)>;
    static constexpr int chunk_rows = 1000;

    explicit StoreRows(Fetch fetch) : fetch_(std::move(fetch)) {}
    // The first pass reads to the end and remembers the last seq it saw; later passes stop
    // there, so a response saved during the export is in none of its files (responses are only
    // added, never changed).
    Status each_row(const Visit& visit) override;

private:
    Fetch fetch_;
    std::optional<std::int64_t> last_seq_;
};

// The store's filter for an export: the widest UTC window the options' local dates can mean
// (offsets run from -12:00 to +14:00); stream_export cuts it exactly.
Result<ExportFilter> store_filter_for(const ExportOptions& options);

// What the store knows besides the responses: its device id, every kept survey, and now.
Result<ExportContext> read_export_context(ResponseStore& store);

}  // namespace standpoint::app
