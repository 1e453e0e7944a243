#include "kiosk/app/store_export_rows.hpp"

#include <chrono>
#include <cstdio>

#include "kiosk/core/local_time.hpp"

namespace standpoint::app {

namespace {

// Midnight at the start of YYYY-MM-DD as if it were UTC.
std::optional<TimePoint> start_of(const std::string& date) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    if (!is_iso_date(date) || std::sscanf(date.c_str(), "%d-%u-%u", &year, &month, &day) != 3)
        return std::nullopt;
    const std::chrono::sys_days midnight = std::chrono::year_month_day{
        std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
    return TimePoint{std::chrono::duration_cast<Clock::duration>(midnight.time_since_epoch())};
}

}  // namespace

Status StoreRows::each_row(const Visit& visit) {
    std::int64_t after = 0;
    for (;;) {
        auto chunk = fetch_(after, chunk_rows);
        if (!chunk) return chunk.error();
        if (chunk->empty()) break;
        for (StoredResponse& row : *chunk) {
            if (last_seq_ && row.seq > *last_seq_) return ok_status();
            after = row.seq;
            if (Status done = visit(row, RowKind::unparsed); !done) return done;
        }
        if (chunk->size() < static_cast<std::size_t>(chunk_rows)) break;
    }
    if (!last_seq_) last_seq_ = after;
    return ok_status();
}

Result<ExportFilter> store_filter_for(const ExportOptions& options) {
    ExportFilter filter;
    filter.event_id = options.event_id;
    for (const auto* date : {&options.from_date, &options.to_date}) {
        if (*date && !start_of(**date)) {
            return Error{"'" + **date +
                         "' is not a date. Give dates as YYYY-MM-DD, e.g. 2026-11-23."};
        }
    }
    if (options.from_date)
        filter.completed_from = *start_of(*options.from_date) - std::chrono::hours(14);
    if (options.to_date)
        filter.completed_before = *start_of(*options.to_date) + std::chrono::hours(24 + 12);
    return filter;
}

Result<ExportContext> read_export_context(ResponseStore& store) {
    ExportContext context;
    context.device_id = store.device_id();
    context.taken_at = Clock::now();
    auto surveys = store.stored_surveys();
    if (!surveys) return surveys.error();
    context.surveys = std::move(surveys).value();
    return context;
}

}  // namespace standpoint::app
