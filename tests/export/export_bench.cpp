// export_bench [COUNT]: builds the USB export of COUNT (default 100,000) varied responses in
// memory and prints the seconds per file and the peak RSS. Issue 5's target: CSV+JSONL of
// 100,000 responses in well under 5 s (Release). Not a ctest test; built so it never rots.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "export_test_support.hpp"
#include "kiosk/export/export_table.hpp"
#include "kiosk/export/responses_csv.hpp"
#include "kiosk/export/responses_jsonl.hpp"
#include "kiosk/export/survey_catalog.hpp"

using namespace standpoint;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU seconds of this process: on a loaded shared machine wall time says little.
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 100000;
    const ExportSnapshot snapshot = test::many_responses_snapshot(count);
    std::vector<const StoredResponse*> responses;
    for (const auto& stored : snapshot.responses) responses.push_back(&stored);

    auto start = std::chrono::steady_clock::now();
    double cpu_start = cpu_seconds();
    auto catalog = make_survey_catalog(responses, snapshot.surveys);
    if (!catalog) return 1;
    const ExportTable table(catalog.value(), catalog->survey_ids(), false, "en");
    const std::string csv = responses_csv(table, responses);
    const double csv_s = seconds_since(start);
    const double csv_cpu = cpu_seconds() - cpu_start;
    cpu_start = cpu_seconds();

    start = std::chrono::steady_clock::now();
    auto jsonl = responses_jsonl(responses, catalog->personal_question_ids);
    if (!jsonl) return 1;
    const double jsonl_s = seconds_since(start);
    const double jsonl_cpu = cpu_seconds() - cpu_start;
    cpu_start = cpu_seconds();

    const auto scratch = test::unique_temp_dir("export-bench");
    start = std::chrono::steady_clock::now();
    auto plan = build_export(snapshot, {}, scratch);
    const double all_s = seconds_since(start);
    const double all_cpu = cpu_seconds() - cpu_start;
    std::filesystem::remove_all(scratch);
    if (!plan) {
        std::fprintf(stderr, "%s\n", plan.error().message.c_str());
        return 1;
    }

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("responses            %d\n", count);
    std::printf("responses.csv        %.3f s wall  %.3f s CPU  %.1f MB\n", csv_s, csv_cpu,
                static_cast<double>(csv.size()) / 1e6);
    std::printf("responses.jsonl      %.3f s wall  %.3f s CPU  %.1f MB\n", jsonl_s, jsonl_cpu,
                static_cast<double>(jsonl->size()) / 1e6);
    std::printf("csv + jsonl          %.3f s wall  %.3f s CPU\n", csv_s + jsonl_s,
                csv_cpu + jsonl_cpu);
    std::printf(
        "whole build_export   %.3f s wall  %.3f s CPU (all files, XLSX and summary included)\n",
        all_s, all_cpu);
    for (const auto& file : plan->files) {
        std::printf("  %-18s %10zu bytes\n", file.name.c_str(), file.bytes.size());
    }
    std::printf("peak RSS             %.0f MB (snapshot itself included)\n",
                static_cast<double>(usage.ru_maxrss) / 1024.0);
    return 0;
}
