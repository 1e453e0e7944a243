// bench_export_formats DATA_DIR: how long each part of an export of a whole store takes, so the
// "CSV + JSONL under 5 s" target can be read off apart from the XLSX and the summary. The same
// calls as `standpoint export` (read_export_snapshot, then kiosk/export's builders); nothing is
// written anywhere. Run by scripts/bench_export.sh.
#include <chrono>
#include <cstdio>
#include <ctime>

#include "kiosk/app/export_command.hpp"
#include "kiosk/export/export_table.hpp"
#include "kiosk/export/responses_csv.hpp"
#include "kiosk/export/responses_jsonl.hpp"
#include "kiosk/export/survey_catalog.hpp"

using namespace standpoint;

namespace {

// Wall and CPU seconds of one step: on a shared, loaded machine the CPU time is the figure that
// says what the code costs; the wall time says what staff would wait there and then.
struct Timer {
    std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
    std::clock_t cpu = std::clock();
    double wall_s() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count();
    }
    double cpu_s() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

int fail(const std::string& message) {
    std::fprintf(stderr, "bench_export_formats: %s\n", message.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return fail("usage: bench_export_formats DATA_DIR");
    auto store = ResponseStore::open(argv[1]);
    if (!store) return fail(store.error().message);

    Timer timer;
    auto snapshot = app::read_export_snapshot(**store, ExportOptions{});
    if (!snapshot) return fail(snapshot.error().message);
    const double read_s = timer.wall_s();
    const double read_cpu_s = timer.cpu_s();

    std::vector<const StoredResponse*> responses;
    for (const StoredResponse& stored : snapshot->responses) responses.push_back(&stored);
    auto catalog = make_survey_catalog(responses, snapshot->surveys);
    if (!catalog) return fail(catalog.error().message);

    timer = Timer{};
    const ExportTable table(*catalog, catalog->survey_ids(), false, "en");
    const std::string csv = responses_csv(table, responses);
    const double csv_s = timer.wall_s();
    const double csv_cpu_s = timer.cpu_s();

    timer = Timer{};
    auto jsonl = responses_jsonl(responses, catalog->personal_question_ids);
    if (!jsonl) return fail(jsonl.error().message);
    const double jsonl_s = timer.wall_s();
    const double jsonl_cpu_s = timer.cpu_s();

    std::printf("responses %zu\n", responses.size());
    std::printf("read snapshot (SQLite + answers parsed): %.2f s wall, %.2f s cpu\n", read_s,
                read_cpu_s);
    std::printf("responses.csv: %.2f s wall, %.2f s cpu, %zu bytes\n", csv_s, csv_cpu_s,
                csv.size());
    std::printf("responses.jsonl: %.2f s wall, %.2f s cpu, %zu bytes\n", jsonl_s, jsonl_cpu_s,
                jsonl->size());
    std::printf("csv+jsonl with the read: %.2f s wall, %.2f s cpu\n", read_s + csv_s + jsonl_s,
                read_cpu_s + csv_cpu_s + jsonl_cpu_s);
    return 0;
}
