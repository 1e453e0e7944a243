// build_export on hand-built snapshots: every file read back the way a user's tools would read
// it (Python's csv module, the protocol's decoder, a JSON parser), compared cell by cell.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "export_test_support.hpp"
#include "kiosk/export/responses_jsonl.hpp"
#include "sync/protocol/batch.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint {

using namespace standpoint::test;

namespace {

struct Exported {
    ExportPlan plan;
    std::filesystem::path dir;
};

ExportPlan export_of(const ExportSnapshot& snapshot, const ExportOptions& options = {}) {
    const auto scratch = unique_temp_dir("export-scratch");
    auto plan = build_export(snapshot, options, scratch);
    if (!plan) FAIL(plan.error().message);
    // The scratch folder is left as it was found: empty.
    CHECK(std::filesystem::is_empty(scratch));
    std::filesystem::remove_all(scratch);
    return std::move(plan).value();
}

std::vector<std::vector<std::string>> csv_rows(const ExportPlan& plan, const std::string& name) {
    const auto dir = unique_temp_dir("export-csv");
    const ExportFile* file = file_named(plan, name);
    REQUIRE(file != nullptr);
    write_file(dir / name, file->bytes);
    auto rows = python_csv_rows(dir / name);
    std::filesystem::remove_all(dir);
    return rows;
}

// The rows a reader should see for small_snapshot() without personal data, in English: written
// out by hand from the snapshot, not computed by the code under test.
const std::vector<std::string> expected_header = {
    "response_id", "survey_id",     "survey_version", "event_id",   "device_id", "status",
    "language",    "started_at",    "completed_at",   "utc_offset", "rating",    "comments",
    "visit",       "recommend",     "first_time",     "travel",     "use",       "use:books",
    "use:events",  "use:computers", "household",      "age",        "agree"};

std::vector<std::vector<std::string>> expected_rows() {
    const std::string g = "Gala 2026";
    return {
        {response_id(1),
         "library",
         "1",
         g,
         device,
         "complete",
         "cy",
         "2026-11-23 10:58:44",
         "2026-11-23 11:00:00",
         "60",
         "",
         resident_texts[0],
         "4",
         "",
         "",
         "On foot",
         "Books; Events",
         "1",
         "1",
         "",
         "",
         "",
         ""},
        {response_id(2),
         "library",
         "2",
         g,
         device,
         "complete",
         "pl",
         "2026-11-23 11:08:44",
         "2026-11-23 11:10:00",
         "60",
         "",
         "'" + resident_texts[3],
         "5",
         "9",
         "yes",
         "Walked",
         "Books; Computers",
         "1",
         "0",
         "1",
         "-5",
         "25-64",
         "no"},
        {response_id(3),
         "library",
         "2",
         g,
         device,
         "partial",
         "en",
         "2026-11-23 11:18:44",
         "2026-11-23 11:20:00",
         "60",
         "",
         "'-1+2",
         "2",
         "",
         "no",
         "",
         "",
         "",
         "",
         "",
         "",
         "Prefer not to say",
         ""},
        {response_id(4),
         "fair",
         "1",
         g,
         device,
         "complete",
         "ur",
         "2026-11-23 11:28:44",
         "2026-11-23 11:30:00",
         "60",
         "5",
         resident_texts[2],
         "",
         "",
         "",
         "",
         "",
         "",
         "",
         "",
         "",
         "",
         ""},
        {response_id(5),
         "library",
         "2",
         "Library Day",
         device,
         "complete",
         "en",
         "2026-11-23 11:38:44",
         "2026-11-23 11:40:00",
         "60",
         "",
         "'@SUM(A1)",
         "3",
         "",
         "",
         "Car",
         "Events",
         "0",
         "1",
         "0",
         "",
         "",
         ""},
        {response_id(6),
         "library",
         "2",
         g,
         device,
         "complete",
         "cy",
         "2026-11-23 11:48:44",
         "2026-11-23 11:50:00",
         "60",
         "",
         resident_texts[8],
         "",
         "",
         "",
         "Bus",
         "",
         "",
         "",
         "",
         "7",
         "",
         ""},
    };
}

}  // namespace

TEST_CASE("the export's files come in the documented order, manifest.json last") {
    const ExportPlan plan = export_of(small_snapshot());
    std::vector<std::string> names;
    for (const auto& file : plan.files) names.push_back(file.name);
    CHECK(names == std::vector<std::string>{"responses.csv", "questions.csv", "responses.xlsx",
                                            "responses.jsonl", "surveys.json", "summary.html",
                                            "manifest.json"});
    CHECK(plan.response_count == 6);
    CHECK(plan.response_ids.size() == 6);
    CHECK(plan.response_ids.front() == response_id(1));
}

TEST_CASE("responses.csv read by a real CSV parser gives every cell, BOM and CRLF included") {
    const ExportPlan plan = export_of(small_snapshot());
    const std::string& bytes = file_named(plan, "responses.csv")->bytes;
    CHECK(bytes.starts_with("\xEF\xBB\xBF\"response_id\","));
    CHECK(bytes.ends_with("\"\r\n"));
    // Every row ends in CRLF; the only bare LF is the one inside response 6's answer.
    std::size_t bare_lf = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bare_lf += bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r');
    CHECK(bare_lf == 1);

    const auto rows = csv_rows(plan, "responses.csv");
    REQUIRE(rows.size() == 7);
    CHECK(rows[0] == expected_header);
    const auto expected = expected_rows();
    for (std::size_t r = 0; r < expected.size(); ++r) {
        CAPTURE(r);
        REQUIRE(rows[r + 1].size() == expected_header.size());
        for (std::size_t c = 0; c < expected_header.size(); ++c) {
            CAPTURE(expected_header[c]);
            CHECK(rows[r + 1][c] == expected[r][c]);
        }
    }
}

TEST_CASE("labels follow the report language, answers stay as the resident gave them") {
    ExportOptions options;
    options.report_language = "cy";
    const auto rows = csv_rows(export_of(small_snapshot(), options), "responses.csv");
    const auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) -
                                        rows[0].begin());
    };
    CHECK(rows[1][column("travel")] == "Ar droed");
    CHECK(rows[1][column("use")] == "Llyfrau; Digwyddiadau");
    CHECK(rows[2][column("age")] == "25-64");
    CHECK(rows[3][column("age")] == "Gwell gennyf beidio â dweud");
    CHECK(rows[1][column("comments")] == resident_texts[0]);
    // "fair" has no Welsh: its default language (English) is used.
    options.report_language = "ur";
    const auto questions = csv_rows(export_of(small_snapshot(), options), "questions.csv");
    CHECK(questions[11][0] == "rating");
    CHECK(questions[11][4] == "میلے کی درجہ بندی کریں");
    CHECK(questions[13][4] == "How was your visit?");
}

TEST_CASE("questions.csv describes every column of responses.csv, in the same order") {
    const ExportPlan plan = export_of(small_snapshot());
    const auto rows = csv_rows(plan, "questions.csv");
    REQUIRE(rows.size() == expected_header.size() + 1);
    CHECK(rows[0] == std::vector<std::string>{"column", "question_id", "survey_id", "type",
                                              "prompt", "option", "personal", "equality"});
    for (std::size_t i = 0; i < expected_header.size(); ++i)
        CHECK(rows[i + 1][0] == expected_header[i]);
    CHECK(rows[1] == std::vector<std::string>{"response_id", "", "", "", "Response id (UUID)", "",
                                              "no", "no"});
    CHECK(rows[11] == std::vector<std::string>{"rating", "rating", "fair", "stars", "Rate the fair",
                                               "", "no", "no"});
    CHECK(rows[12] == std::vector<std::string>{"comments", "comments", "fair", "text", "Comments",
                                               "", "no", "no"});
    CHECK(rows[20] == std::vector<std::string>{"use:computers", "use", "library", "multi",
                                               "What do you use?", "Computers", "no", "no"});
    CHECK(rows[22] ==
          std::vector<std::string>{"age", "age", "library", "single", "Your age", "", "no", "yes"});
}

TEST_CASE("personal data is left out of every file people can open; included, it is only sealed") {
    const ExportSnapshot snapshot = small_snapshot();
    for (const bool include_personal : {false, true}) {
        CAPTURE(include_personal);
        const ExportPlan plan =
            export_of(snapshot, include_personal ? with_personal_data() : ExportOptions{});
        for (const auto& file : plan.files) {
            CAPTURE(file.name);
            if (file.name == "responses.xlsx") continue;  // zipped: see the XLSX test below
            CHECK(file.bytes.find("ann@example.org") == std::string::npos);
            CHECK(file.bytes.find("CF10") == std::string::npos);
            CHECK(file.bytes.find("calc") == std::string::npos);
        }
        const auto manifest = nlohmann::json::parse(file_named(plan, "manifest.json")->bytes);
        CHECK(manifest["personal_data"]["included"] == include_personal);
        CHECK(manifest["personal_data"]["withheld_questions"] ==
              nlohmann::json::parse(R"(["email", "postcode"])"));
        CHECK((file_named(plan, export_file::personal_sealed) != nullptr) == include_personal);
        if (!include_personal) {
            CHECK(manifest["personal_data"]["sealed"].is_null());
            continue;
        }
        CHECK(manifest["personal_data"]["sealed"] ==
              nlohmann::json({{"file", export_file::personal_sealed},
                              {"collector_key", collector_key().public_key_hex()}}));
        // Only the collector's key opens it: the lossless lines, personal answers and all.
        auto opened = collector_key().open(file_named(plan, export_file::personal_sealed)->bytes);
        REQUIRE_MESSAGE(opened.ok(), opened.error().message);
        CHECK(opened->find("ann@example.org") != std::string::npos);
        CHECK(opened->find("CF10") != std::string::npos);
        auto other = SealingKeyPair::generate();
        REQUIRE(other.ok());
        CHECK_FALSE(other->open(file_named(plan, export_file::personal_sealed)->bytes).ok());
    }
}

TEST_CASE("personal data is refused without the collector's key, and the export says what to do") {
    ExportOptions options;
    options.include_personal = true;
    const auto scratch = unique_temp_dir("export-scratch");
    auto plan = build_export(small_snapshot(), options, scratch);
    std::filesystem::remove_all(scratch);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.error().message.find("standpoint-collector.pub") != std::string::npos);
}

TEST_CASE("a signed export carries manifest.sig, the signature of manifest.json, just before it") {
    ExportOptions options;
    options.signing_key = SigningKey::generate().value();
    const ExportPlan plan = export_of(small_snapshot(), options);
    REQUIRE(plan.files.size() >= 2);
    const ExportFile& manifest = plan.files.back();
    const ExportFile& signature = plan.files[plan.files.size() - 2];
    CHECK(manifest.name == "manifest.json");
    REQUIRE(signature.name == "manifest.sig");
    auto parsed = parse_manifest_signature(signature.bytes);
    REQUIRE(parsed.ok());
    CHECK(parsed->public_key_hex == options.signing_key->public_key_hex());
    CHECK(verify_signature(parsed->public_key_hex, SignedKind::export_manifest, manifest.bytes,
                           parsed->signature_hex));
    // manifest.json does not list its own signature.
    CHECK(manifest.bytes.find("manifest.sig") == std::string::npos);
}

TEST_CASE("responses.jsonl lines are the protocol's response objects and verify") {
    const ExportSnapshot snapshot = small_snapshot();
    // Without personal data: responses.jsonl; with it: the lines sealed to the collector, opened.
    for (const bool include_personal : {false, true}) {
        CAPTURE(include_personal);
        const ExportPlan plan =
            export_of(snapshot, include_personal ? with_personal_data() : ExportOptions{});
        const std::string jsonl =
            include_personal
                ? collector_key().open(file_named(plan, export_file::personal_sealed)->bytes).value()
                : file_named(plan, "responses.jsonl")->bytes;
        REQUIRE(jsonl.ends_with("\n"));
        CHECK(jsonl.find('\r') == std::string::npos);
        std::size_t start = 0;
        for (const auto& stored : snapshot.responses) {
            const auto end = jsonl.find('\n', start);
            REQUIRE(end != std::string::npos);
            const auto line = nlohmann::json::parse(jsonl.substr(start, end - start));
            start = end + 1;
            REQUIRE(line.contains("answers"));
            auto record = response_record_from_json(line);  // checks every field and the hash
            REQUIRE_MESSAGE(record.ok(), record.error().message);
            const Response& response = stored.response;
            CHECK(record->id == response.id);
            CHECK(record->seq == stored.seq);
            CHECK(record->device_id == device);
            CHECK(record->survey == response.survey);
            CHECK(record->event_id == response.event_id);
            CHECK(record->started_at == format_utc(response.started_at));
            CHECK(record->completed_at == format_utc(response.completed_at));
            CHECK(record->utc_offset_minutes == response.utc_offset_minutes);
            CHECK(record->language == response.language);
            CHECK(record->status == to_string(response.status));
            Answers expected = response.answers;
            if (!include_personal) {
                expected.erase("email");
                expected.erase("postcode");
            }
            CHECK(record->answers_json == answers_to_json(expected).dump());
            // Untouched answers keep their stored bytes and hash, so import sees the same response.
            if (expected.size() == response.answers.size()) {
                CHECK(record->answers_json == stored.answers_json);
                CHECK(record->sha256 == stored.answers_sha256);
            }
            // The whole line is exactly what the protocol's encoder makes of the record.
            CHECK(line.dump() == response_record_to_json(record.value(), true).dump());
        }
        CHECK(start == jsonl.size());
    }
}

TEST_CASE("withhold_answers keeps the stored key order and bytes of what remains") {
    const std::string stored = R"({"zeta":"Dŵr","email":"a@b","alpha":[1,2],"n":-3})";
    auto kept = withhold_answers(stored, {"email", "absent"});
    REQUIRE(kept.ok());
    CHECK(kept.value() == R"({"zeta":"Dŵr","alpha":[1,2],"n":-3})");
    auto untouched = withhold_answers(stored, {"absent"});
    REQUIRE(untouched.ok());
    CHECK(untouched.value() == stored);
    CHECK_FALSE(withhold_answers("[1]", {"x"}).ok());
    CHECK_FALSE(withhold_answers("{", {"x"}).ok());
}

TEST_CASE("manifest.json lists every other file with its exact size and SHA-256") {
    const ExportPlan plan = export_of(small_snapshot());
    const auto manifest = nlohmann::json::parse(plan.files.back().bytes);
    CHECK(manifest["format"] == "standpoint-export/1");
    CHECK(manifest["created_at"] == "2026-11-23T22:00:00.000Z");
    CHECK(manifest["device_id"] == device);
    CHECK(manifest["event_id"].is_null());
    CHECK(manifest["events"] == nlohmann::json::parse(R"(["Gala 2026", "Library Day"])"));
    CHECK(manifest["from_date"].is_null());
    CHECK(manifest["to_date"].is_null());
    CHECK(manifest["first_completed_at"] == "2026-11-23T10:00:00.000Z");
    CHECK(manifest["last_completed_at"] == "2026-11-23T10:50:00.000Z");
    CHECK(manifest["counts"] ==
          nlohmann::json::parse(R"({"responses": 6, "complete": 5, "partial": 1, "damaged": 0})"));
    const auto& surveys = manifest["surveys"];
    REQUIRE(surveys.size() == 3);
    CHECK(surveys[0]["id"] == "fair");
    CHECK(surveys[0]["responses"] == 1);
    CHECK(surveys[1]["id"] == "library");
    CHECK(surveys[1]["version"] == 1);
    CHECK(surveys[1]["responses"] == 1);
    CHECK(surveys[2]["version"] == 2);
    CHECK(surveys[2]["responses"] == 4);
    CHECK(surveys[2]["sha256"] == parsed(library_v2).sha256);

    const auto& files = manifest["files"];
    REQUIRE(files.size() == plan.files.size() - 1);
    for (std::size_t i = 0; i + 1 < plan.files.size(); ++i) {
        CAPTURE(plan.files[i].name);
        CHECK(files[i]["name"] == plan.files[i].name);
        CHECK(files[i]["bytes"] == plan.files[i].bytes.size());
        CHECK(files[i]["sha256"] == sha256_hex(plan.files[i].bytes));
    }
}

TEST_CASE("surveys.json carries the exact survey files the responses were answered on") {
    const ExportPlan plan = export_of(small_snapshot());
    const auto surveys = nlohmann::json::parse(file_named(plan, "surveys.json")->bytes);
    REQUIRE(surveys.is_array());
    REQUIRE(surveys.size() == 3);
    const std::vector<std::string> definitions = {fair_v1, library_v1, library_v2};
    for (std::size_t i = 0; i < 3; ++i) {
        const Survey survey = parsed(definitions[i]);
        CHECK(surveys[i]["id"] == survey.id);
        CHECK(surveys[i]["version"] == survey.version);
        CHECK(surveys[i]["sha256"] == survey.sha256);
        CHECK(surveys[i]["definition"] == definitions[i]);
        CHECK(sha256_hex(surveys[i]["definition"].get<std::string>()) == survey.sha256);
    }
}

TEST_CASE("the event filter keeps that event only, and the folder is named for it") {
    ExportOptions options;
    options.event_id = "Gala 2026";
    const ExportPlan plan = export_of(small_snapshot(), options);
    CHECK(plan.response_count == 5);
    CHECK(std::find(plan.response_ids.begin(), plan.response_ids.end(), response_id(5)) ==
          plan.response_ids.end());
    CHECK(plan.folder_name == "standpoint-Gala_2026-2026-11-23-3f2a9c1e");
    const auto manifest = nlohmann::json::parse(plan.files.back().bytes);
    CHECK(manifest["event_id"] == "Gala 2026");
    CHECK(manifest["counts"]["responses"] == 5);
    CHECK(export_of(small_snapshot()).folder_name == "standpoint-all-events-2026-11-23-3f2a9c1e");
}

TEST_CASE("date filters use the kiosk's local date of completion, both ends inclusive") {
    ExportSnapshot snapshot = small_snapshot();
    const StoredSurvey v2 = snapshot.surveys[1];
    // 23:30 UTC at UTC+1 is already the 24th on the kiosk's clock; 00:30 UTC at UTC-5 is the 22nd.
    snapshot.responses.push_back(stored_response(7, v2, {{"visit", NumberAnswer{1}}},
                                                 at(13 * 3600 + 1800), "Gala 2026", "en", 60));
    snapshot.responses.push_back(stored_response(8, v2, {{"visit", NumberAnswer{1}}},
                                                 at(-9 * 3600 - 1800), "Gala 2026", "en", -300));

    // Built in one initialiser: GCC 12 at -O2 warns (falsely) that a moved-into optional member
    // of a default-constructed ExportOptions "may be used uninitialized".
    const auto ids_for = [&](std::optional<std::string> from, std::optional<std::string> to) {
        const ExportOptions options{.event_id = "",
                                    .from_date = std::move(from),
                                    .to_date = std::move(to),
                                    .include_personal = false,
                                    .report_language = "en",
                                    .collector_public_key = "",
                                    .signing_key = std::nullopt,
                                    .event_name = "",
                                    .venue = "",
                                    .named_event_id = ""};
        return export_of(snapshot, options).response_ids;
    };
    CHECK(ids_for("2026-11-24", std::nullopt) == std::vector<std::string>{response_id(7)});
    CHECK(ids_for(std::nullopt, "2026-11-22") == std::vector<std::string>{response_id(8)});
    CHECK(ids_for("2026-11-23", "2026-11-23").size() == 6);
    CHECK(ids_for("2026-11-22", "2026-11-24").size() == 8);

    ExportOptions range;
    range.from_date = "2026-11-20";
    range.to_date = "2026-11-23";
    CHECK(export_of(snapshot, range).folder_name ==
          "standpoint-all-events-2026-11-20_2026-11-23-3f2a9c1e");
    ExportOptions from_only;
    from_only.from_date = "2026-11-22";
    CHECK(export_of(snapshot, from_only).folder_name ==
          "standpoint-all-events-2026-11-22_2026-11-24-3f2a9c1e");
    ExportOptions to_only;
    to_only.to_date = "2026-11-23";
    CHECK(export_of(snapshot, to_only).folder_name == "standpoint-all-events-2026-11-23-3f2a9c1e");
    // No dates: the local date of the last response.
    CHECK(export_of(snapshot).folder_name == "standpoint-all-events-2026-11-24-3f2a9c1e");
}

TEST_CASE("bad dates and a missing survey file are errors that say what to do") {
    const auto scratch = unique_temp_dir("export-scratch");
    ExportOptions bad_date;
    bad_date.from_date = "2026-13-01";
    auto result = build_export(small_snapshot(), bad_date, scratch);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("YYYY-MM-DD") != std::string::npos);

    ExportOptions reversed;
    reversed.from_date = "2026-11-24";
    reversed.to_date = "2026-11-23";
    result = build_export(small_snapshot(), reversed, scratch);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("after the end date") != std::string::npos);

    ExportSnapshot missing = small_snapshot();
    missing.surveys.erase(missing.surveys.begin());  // library version 1
    result = build_export(missing, {}, scratch);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("'library' version 1") != std::string::npos);
    CHECK(std::filesystem::is_empty(scratch));
    std::filesystem::remove_all(scratch);
}

TEST_CASE("an export of nothing is still a complete, honest folder") {
    ExportOptions options;
    options.event_id = "No such event";
    const ExportPlan plan = export_of(small_snapshot(), options);
    CHECK(plan.response_count == 0);
    CHECK(plan.files.size() == 7);
    CHECK(file_named(plan, "responses.jsonl")->bytes.empty());
    const auto rows = csv_rows(plan, "responses.csv");
    CHECK(rows.size() == 1);
    const auto manifest = nlohmann::json::parse(plan.files.back().bytes);
    CHECK(manifest["counts"]["responses"] == 0);
    CHECK(manifest["first_completed_at"].is_null());
    CHECK(plan.folder_name == "standpoint-No_such_event-2026-11-23-3f2a9c1e");
}

}  // namespace standpoint

namespace standpoint {

using namespace standpoint::test;

TEST_CASE("responses.xlsx: Summary then a sheet per survey, frozen header, text never a formula") {
    const auto scratch = unique_temp_dir("export-xlsx");
    for (const bool include_personal : {false, true}) {
        CAPTURE(include_personal);
        const ExportOptions options = include_personal ? with_personal_data() : ExportOptions{};
        auto plan = build_export(small_snapshot(), options, scratch);
        REQUIRE_MESSAGE(plan.ok(), plan.error().message);
        write_file(scratch / "responses.xlsx", file_named(plan.value(), "responses.xlsx")->bytes);
        // Python's zipfile unpacks it: the workbook and each sheet's XML, as one JSON object.
        write_file(
            scratch / "unzip.py",
            "import zipfile,json,sys\n"
            "z=zipfile.ZipFile(sys.argv[1])\n"
            "json.dump({n: z.read(n).decode('utf-8') for n in z.namelist() if n.endswith('.xml')},"
            " sys.stdout)\n");
        const auto parts =
            nlohmann::json::parse(run("python3 '" + (scratch / "unzip.py").string() + "' '" +
                                      (scratch / "responses.xlsx").string() + "'"));
        const std::string workbook = parts.at("xl/workbook.xml");
        const auto summary_at = workbook.find("<sheet name=\"Summary\"");
        const auto fair_at = workbook.find("<sheet name=\"fair\"");
        const auto library_at = workbook.find("<sheet name=\"library\"");
        CHECK(summary_at < fair_at);
        CHECK(fair_at < library_at);
        CHECK(library_at != std::string::npos);
        std::string sheets;
        for (const char* name :
             {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/worksheets/sheet3.xml"}) {
            sheets += parts.at(name).get<std::string>();
        }
        const std::string library = parts.at("xl/worksheets/sheet3.xml");
        CHECK(library.find("<pane ySplit=\"2\"") != std::string::npos);  // text, then ids
        CHECK(library.find("<col min=\"1\"") != std::string::npos);
        CHECK(sheets.find("<f>") == std::string::npos);
        CHECK(sheets.find(
                  "t=\"inlineStr\"><is><t>=HYPERLINK(\"http://evil.example/\",\"click\")</t>") !=
              std::string::npos);
        CHECK(sheets.find("Dŵr a ŷd") != std::string::npos);
        CHECK(sheets.find("بہت اچھا") != std::string::npos);
        // Included or not, personal answers are never in the workbook (only sealed).
        CHECK(sheets.find("ann@example.org") == std::string::npos);
        CHECK(sheets.find("CF10") == std::string::npos);
        CHECK(sheets.find(">email<") == std::string::npos);
    }
    std::filesystem::remove_all(scratch);
}

}  // namespace standpoint

namespace standpoint {

using namespace standpoint::test;

TEST_CASE("an event id that looks like a formula is neutralised too, and named safely") {
    ExportSnapshot snapshot = small_snapshot();
    for (auto& stored : snapshot.responses) stored.response.event_id = "@risk +1";
    ExportOptions options;
    options.event_id = "@risk +1";
    const auto scratch = unique_temp_dir("export-event");
    auto plan = build_export(snapshot, options, scratch);
    REQUIRE_MESSAGE(plan.ok(), plan.error().message);
    write_file(scratch / "responses.csv", file_named(plan.value(), "responses.csv")->bytes);
    const auto rows = python_csv_rows(scratch / "responses.csv");
    std::filesystem::remove_all(scratch);
    REQUIRE(rows.size() == 7);
    for (std::size_t r = 1; r < rows.size(); ++r) CHECK(rows[r][3] == "'@risk +1");
    CHECK(plan->folder_name == "standpoint-_risk_1-2026-11-23-3f2a9c1e");
    const auto manifest = nlohmann::json::parse(plan->files.back().bytes);
    CHECK(manifest["event_id"] == "@risk +1");  // JSON keeps the exact text
}

}  // namespace standpoint

namespace standpoint {

using namespace standpoint::test;

TEST_CASE("summary.html names the event as staff set it, only for that event's export") {
    const auto scratch = unique_temp_dir("export-event-name");
    ExportOptions options;
    // No event chosen: the snapshot holds two, and the name is of one of them only.
    options.named_event_id = "Gala 2026";
    options.event_name = "Summer Gala";
    options.venue = "Riverside Park";
    auto both = build_export(small_snapshot(), options, scratch);
    REQUIRE_MESSAGE(both.ok(), both.error().message);
    const std::string listed = file_named(both.value(), "summary.html")->bytes;
    CHECK(listed.find("2 events: Gala 2026, Library Day") != std::string::npos);
    CHECK(listed.find("Summer Gala") == std::string::npos);
    CHECK(listed.find("all events") == std::string::npos);

    options.event_id = "Gala 2026";  // that event's export: named as staff set it
    options.event_name = "Summer Gala";
    options.venue = "Riverside Park";
    auto plan = build_export(small_snapshot(), options, scratch);
    REQUIRE_MESSAGE(plan.ok(), plan.error().message);
    const std::string named = file_named(plan.value(), "summary.html")->bytes;
    CHECK(named.find("Summer Gala, Riverside Park (Gala 2026)") != std::string::npos);
    CHECK(named.find("all events") == std::string::npos);

    options.named_event_id = "another-event";  // the name is of another event: not used
    plan = build_export(small_snapshot(), options, scratch);
    REQUIRE_MESSAGE(plan.ok(), plan.error().message);
    const std::string unnamed = file_named(plan.value(), "summary.html")->bytes;
    CHECK(unnamed.find("Summer Gala") == std::string::npos);
    CHECK(unnamed.find("Gala 2026") != std::string::npos);
    std::filesystem::remove_all(scratch);
}

}  // namespace standpoint
