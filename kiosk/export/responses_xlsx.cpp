#include "kiosk/export/responses_xlsx.hpp"

#include <stdlib.h>  // mkdtemp

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "kiosk/core/utf8.hpp"
#include "kiosk/export/export_table.hpp"
#include "kiosk/export/xlsx_parts.hpp"
#include "kiosk/export/zip_writer.hpp"

namespace standpoint {

namespace {

using xlsx::Style;

constexpr std::size_t max_sheet_name_chars = 31;
constexpr double max_column_width = 60;
// A question's text in the header row wraps at this width (rows below set the width if wider).
constexpr double header_width = 24;
// Finished rows go on to be compressed in pieces of about this size.
constexpr std::size_t rows_piece_bytes = 256 * 1024;

// Text cut to Excel's cell limit at a code point boundary (responses.jsonl keeps it whole).
std::string_view cell_text(const std::string& text) {
    return prefix_within_bytes(text, xlsx::max_cell_text_bytes);
}

std::string lower_ascii(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// Removes the scratch folder whatever happens.
struct ScratchFolder {
    std::filesystem::path path;
    ~ScratchFolder() {
        std::error_code ignored;
        if (!path.empty()) std::filesystem::remove_all(path, ignored);
    }
};

// Writes a sheet's cells as XML, row by row and each row left to right (as every caller here
// does), and keeps each column's width from what it held. Finished rows go to `out` in pieces.
class SheetWriter {
public:
    using Output = std::function<void(std::string_view xml)>;
    explicit SheetWriter(Output out) : out_(std::move(out)) {}

    void text(std::uint32_t row, std::uint32_t col, const std::string& value,
              Style style = Style::plain) {
        if (value.empty() && style == Style::plain) return;
        const std::string_view shown = cell_text(value);
        at_row(row);
        if (shown.empty())
            xlsx::append_empty_cell(row_xml_, row, col, style);
        else
            xlsx::append_text_cell(row_xml_, row, col, style, shown);
        widen(col, static_cast<double>(code_points_in(shown)));
    }
    void number(std::uint32_t row, std::uint32_t col, double value, Style style = Style::plain,
                double width = 8) {
        at_row(row);
        xlsx::append_number_cell(row_xml_, row, col, style, value);
        widen(col, width);
    }
    // A header cell: written, but its words wrap within the column rather than widen it.
    void header(std::uint32_t row, std::uint32_t col, const std::string& value, Style style) {
        const std::string_view shown = cell_text(value);
        at_row(row);
        xlsx::append_text_cell(row_xml_, row, col, style, shown);
        widen(col, std::min(static_cast<double>(code_points_in(shown)), header_width));
    }
    // A column of long text: as wide as the sheet allows, each cell wrapping inside it.
    void wide(std::uint32_t col) { widen(col, max_column_width); }
    // The row being written is this tall (points), for text that wraps: readers other than
    // Excel do not size a row to its wrapped text when they open a file.
    void row_height(double points) { row_height_ = points; }
    // Column widths from what was written, within reason.
    std::vector<double> widths() const {
        std::vector<double> widths;
        for (const double widest : widths_)
            widths.push_back(std::min(max_column_width, std::max(8.0, widest + 2)));
        return widths;
    }
    // The last row goes out.
    void end() {
        close_row();
        flush();
    }

private:
    void at_row(std::uint32_t row) {
        if (has_row_ && row == row_) return;
        close_row();
        row_ = row;
        has_row_ = true;
    }
    void close_row() {
        if (!has_row_) return;
        pending_ += "<row r=\"" + std::to_string(row_ + 1) + "\"";
        if (row_height_ > 0)
            pending_ +=
                " ht=\"" + std::to_string(static_cast<int>(row_height_)) + "\" customHeight=\"1\"";
        pending_ += '>';
        row_height_ = 0;
        pending_ += row_xml_;
        pending_ += "</row>";
        row_xml_.clear();
        has_row_ = false;
        if (pending_.size() >= rows_piece_bytes) flush();
    }
    void flush() {
        if (pending_.empty()) return;
        out_(pending_);
        pending_.clear();
    }
    void widen(std::uint32_t col, double width) {
        if (widths_.size() <= col) widths_.resize(col + 1u, 0);
        widths_[col] = std::max(widths_[col], width);
    }
    Output out_;
    std::string pending_;  // finished rows
    std::string row_xml_;  // the row being written
    std::uint32_t row_ = 0;
    bool has_row_ = false;
    double row_height_ = 0;
    std::vector<double> widths_;
};

void write_summary(SheetWriter& out, const std::vector<SurveyResults>& results) {
    std::uint32_t row = 0;
    for (const auto& survey : results) {
        out.text(row, 0, survey.title, Style::bold);
        out.text(row, 1,
                 survey.survey_id + " (version " + std::to_string(survey.survey_version) + ")");
        ++row;
        out.text(row, 0, "Complete");
        out.number(row++, 1, static_cast<double>(survey.complete));
        out.text(row, 0, "Partial");
        out.number(row++, 1, static_cast<double>(survey.partial));
        ++row;
        const char* headers[] = {"question_id", "question", "answer", "label", "count"};
        for (std::uint32_t col = 0; col < 5; ++col) out.text(row, col, headers[col], Style::bold);
        ++row;
        for (const auto& question : survey.questions) {
            const auto line = [&](const std::string& answer, const std::string& label) {
                out.text(row, 0, question.question_id);
                out.text(row, 1, question.prompt);
                out.text(row, 2, answer);
                out.text(row, 3, label);
            };
            for (const auto& count : question.counts) {
                line(count.key, count.label);
                // A suppressed group is the text "<10": its number never reaches the file.
                if (count.is_suppressed) {
                    out.text(row, 4, shown_count(count));
                } else {
                    out.number(row, 4, static_cast<double>(count.count));
                }
                ++row;
            }
            line("answered", "");
            out.number(row++, 4, static_cast<double>(question.answered));
            line("not answered", "");
            out.number(row++, 4, static_cast<double>(question.unanswered));
            if (question.mean) {
                line("mean", "");
                out.number(row++, 4, *question.mean);
            }
            if (question.min) {
                line("min", "");
                out.number(row++, 4, static_cast<double>(*question.min));
            }
            if (question.max) {
                line("max", "");
                out.number(row++, 4, static_cast<double>(*question.max));
            }
            if (question.nps) {
                line("NPS", "Net Promoter Score");
                out.number(row++, 4, *question.nps);
            }
        }
        ++row;
    }
}

// Row 1 of a survey sheet: what a reader sees, the question's text (and the option's label).
std::string readable_header(const ExportColumn& column) {
    if (column.kind == ColumnKind::option_flag) return column.prompt + ": " + column.option_label;
    return column.prompt.empty() ? column.name : column.prompt;
}

// Rows 1 and 2 of a survey sheet: the question's text, then the column's id (as in
// responses.csv); the sheet's pane is frozen below them.
void write_sheet_header(SheetWriter& out, const ExportTable& table) {
    const auto& columns = table.columns();
    std::size_t lines = 1;  // of the longest question, wrapped at the header's width
    for (std::size_t col = 0; col < columns.size(); ++col) {
        const std::string text = readable_header(columns[col]);
        out.header(0, static_cast<std::uint32_t>(col), text, Style::header);
        const auto width = static_cast<std::size_t>(header_width);
        lines = std::max(lines, (code_points_in(cell_text(text)) + width - 1) / width);
    }
    out.row_height(15.0 * static_cast<double>(std::min<std::size_t>(lines, 4)));
    for (std::size_t col = 0; col < columns.size(); ++col) {
        const auto c = static_cast<std::uint32_t>(col);
        out.text(1, c, columns[col].name, Style::id);
        if (columns[col].kind == ColumnKind::answer && columns[col].type == "text") out.wide(c);
    }
}

void write_sheet_row(SheetWriter& out, std::uint32_t row, const std::vector<ExportColumn>& columns,
                     const std::vector<Cell>& cells) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const auto col = static_cast<std::uint32_t>(c);
        switch (cells[c].kind) {
            case Cell::Kind::empty:
                break;
            case Cell::Kind::number:
                out.number(row, col, static_cast<double>(cells[c].number));
                break;
            case Cell::Kind::text:
                out.text(row, col, cells[c].text,
                         columns[c].type == "text" ? Style::wrapped : Style::plain);
                break;
            case Cell::Kind::local_time:
                out.number(row, col, excel_serial(cells[c].number), Style::datetime, 19);
                break;
        }
    }
}

Result<std::string> read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{"Cannot read back the spreadsheet written to " + path.string() + "."};
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        return Error{"Cannot read back the spreadsheet written to " + path.string() + "."};
    return bytes;
}

}  // namespace

double excel_serial(std::int64_t local_seconds) {
    return static_cast<double>(local_seconds) / 86400.0 +
           25569.0;  // 25569: 1899-12-30 to 1970-01-01
}

std::vector<std::string> xlsx_sheet_names(const std::vector<std::string>& survey_ids) {
    std::vector<std::string> names;
    std::set<std::string> taken{"summary", "history"};  // "History" is reserved by Excel
    for (const auto& id : survey_ids) {
        std::string base;
        for (const char c : id)
            base += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
        while (!base.empty() && base.front() == '\'') base.erase(base.begin());
        base = std::string(first_code_points(base, max_sheet_name_chars));
        while (!base.empty() && base.back() == '\'') base.pop_back();
        if (base.empty()) base = "Survey";
        std::string name = base;
        for (int n = 2; taken.contains(lower_ascii(name)); ++n) {
            const std::string suffix = "~" + std::to_string(n);
            name =
                std::string(first_code_points(base, max_sheet_name_chars - suffix.size())) + suffix;
        }
        taken.insert(lower_ascii(name));
        names.push_back(name);
    }
    return names;
}

// One survey's sheet while rows go in: its rows' XML compressed as it comes into a file in the
// scratch folder, the one piece of the sheet that is not known until the end being the widths.
struct SurveySheet {
    std::string survey_id;
    std::string name;
    std::unique_ptr<ExportTable> table;
    std::string rows_path;
    std::ofstream rows_file;
    std::unique_ptr<DeflatePiece> rows;
    std::unique_ptr<SheetWriter> out;
    std::uint32_t next_row = 2;  // below the two header rows
};

// Rows on their way to the workbook's thread, a chunk at a time; the queue is bounded so the
// export's memory stays flat however far ahead the other files run.
struct RowQueue {
    static constexpr std::size_t chunk_rows = 256;
    static constexpr std::size_t max_chunks = 4;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::vector<StoredResponse>> chunks;
    bool is_closed = false;  // no more rows: finish (or give up, when `results` is null)
    const std::vector<SurveyResults>* results = nullptr;
    bool is_done = false;  // the workbook is closed (or abandoned)
    std::string failure;   // the first error the thread met, for add() and finish()
};

struct XlsxBuilder::Workbook {
    ScratchFolder scratch;
    std::filesystem::path file;
    TimePoint created_at;
    std::vector<std::unique_ptr<SurveySheet>> sheets;  // one per survey id, ascending
    std::vector<Cell> cells;                           // reused row to row
    RowQueue queue;
    std::vector<StoredResponse> filling;  // the chunk add() is filling
    std::thread thread;                   // writes the rows and closes the workbook

    Status write_row(const StoredResponse& stored);
    Status close(const std::vector<SurveyResults>& results);
    void run();
};

Status XlsxBuilder::Workbook::write_row(const StoredResponse& stored) {
    for (const auto& sheet : sheets) {
        if (sheet->survey_id != stored.response.survey.id) continue;
        if (sheet->next_row >= xlsx::max_rows) {
            return Error{"Too many responses (more than " + std::to_string(xlsx::max_rows - 2) +
                         ") for one spreadsheet sheet; export a shorter date range."};
        }
        sheet->table->fill_row(stored, cells);
        write_sheet_row(*sheet->out, sheet->next_row++, sheet->table->columns(), cells);
        return ok_status();
    }
    return ok_status();  // a survey the catalog does not have: not in the workbook, as before
}

// The package: the fixed parts, the Summary sheet (made now, from the totals), then each survey
// sheet as its widths, its rows compressed earlier and its end, joined into one deflate stream.
Status XlsxBuilder::Workbook::close(const std::vector<SurveyResults>& results) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(created_at).time_since_epoch();
    const std::time_t created_seconds = static_cast<std::time_t>(seconds.count());
    std::tm utc{};
    gmtime_r(&created_seconds, &utc);
    char created[32];
    std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &utc);

    std::vector<std::string> names = {"Summary"};
    for (const auto& sheet : sheets) names.push_back(sheet->name);
    auto zip = ZipWriter::create(file.string(), seconds.count());
    if (!zip) return zip.error();
    ZipWriter& out = **zip;
    for (const auto& [part, text] : std::vector<std::pair<std::string, std::string>>{
             {"[Content_Types].xml", xlsx::content_types(names.size())},
             {"_rels/.rels", xlsx::package_relationships()},
             {"docProps/core.xml", xlsx::core_properties("Standpoint responses", created)},
             {"xl/workbook.xml", xlsx::workbook(names)},
             {"xl/_rels/workbook.xml.rels", xlsx::workbook_relationships(names.size())},
             {"xl/styles.xml", xlsx::styles()}}) {
        if (Status added = out.add(part, text); !added) return added;
    }

    std::string summary_rows;
    SheetWriter summary([&summary_rows](std::string_view xml) { summary_rows.append(xml); });
    write_summary(summary, results);
    summary.end();
    if (Status added =
            out.add("xl/worksheets/sheet1.xml", xlsx::sheet_head(true, 0, summary.widths()) +
                                                    summary_rows + xlsx::sheet_tail());
        !added)
        return added;

    for (std::size_t i = 0; i < sheets.size(); ++i) {
        SurveySheet& sheet = *sheets[i];
        sheet.out->end();
        sheet.rows->end(false);
        sheet.rows_file.close();
        if (!sheet.rows_file)
            return Error{"Cannot write the spreadsheet's rows to " + sheet.rows_path +
                         " (is the disk full?)."};
        CompressedPiece rows;
        rows.path = sheet.rows_path;
        rows.crc = sheet.rows->crc();
        rows.text_bytes = sheet.rows->text_bytes();
        rows.compressed_bytes = sheet.rows->compressed_bytes();
        const CompressedPiece head =
            compress_piece(xlsx::sheet_head(false, 2, sheet.out->widths()), false);
        const CompressedPiece tail = compress_piece(xlsx::sheet_tail(), true);
        if (Status added = out.add("xl/worksheets/sheet" + std::to_string(i + 2) + ".xml",
                                   {&head, &rows, &tail});
            !added)
            return added;
    }
    return out.finish();
}

// The workbook's thread: its rows' XML and their deflate were about half of an export's CPU
// (docs/performance.md), so they run beside the other files.
void XlsxBuilder::Workbook::run() {
    std::string failure;
    for (;;) {
        std::vector<StoredResponse> chunk;
        const std::vector<SurveyResults>* results = nullptr;
        {
            std::unique_lock lock(queue.mutex);
            queue.changed.wait(lock, [this] { return !queue.chunks.empty() || queue.is_closed; });
            if (!queue.chunks.empty()) {
                chunk = std::move(queue.chunks.front());
                queue.chunks.pop_front();
            } else {
                results = queue.results;
            }
        }
        queue.changed.notify_all();  // room in the queue
        if (chunk.empty()) {
            if (results != nullptr && failure.empty()) {
                try {
                    Status closed = close(*results);
                    if (!closed) failure = closed.error().message;
                } catch (const std::exception& thrown) {
                    failure = std::string("The spreadsheet could not be written: ") + thrown.what();
                }
            }
            break;
        }
        for (const StoredResponse& stored : chunk) {
            if (!failure.empty()) break;  // the rest are dropped: add() reports the failure
            try {
                if (Status written = write_row(stored); !written) failure = written.error().message;
            } catch (const std::exception& thrown) {
                failure = std::string("The spreadsheet could not be written: ") + thrown.what();
            }
            if (!failure.empty()) {
                const std::lock_guard lock(queue.mutex);
                queue.failure = failure;
            }
        }
    }
    const std::lock_guard lock(queue.mutex);
    if (queue.failure.empty()) queue.failure = failure;
    queue.is_done = true;
    queue.changed.notify_all();
}

XlsxBuilder::XlsxBuilder(std::unique_ptr<Workbook> workbook) : workbook_(std::move(workbook)) {}

XlsxBuilder::~XlsxBuilder() {
    Workbook& book = *workbook_;
    if (!book.thread.joinable()) return;
    {
        const std::lock_guard lock(book.queue.mutex);
        book.queue.chunks.clear();  // given up on: the scratch folder goes with the builder
        book.queue.is_closed = true;
    }
    book.queue.changed.notify_all();
    book.thread.join();
}

Result<std::unique_ptr<XlsxBuilder>> XlsxBuilder::start(const XlsxInput& input,
                                                        const std::filesystem::path& scratch_dir) {
    std::error_code error_code;
    std::filesystem::create_directories(scratch_dir, error_code);
    std::string pattern = (scratch_dir / "standpoint-xlsx-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        return Error{"Cannot make a scratch folder in " + scratch_dir.string() +
                     " for the spreadsheet: " +
                     std::error_code(errno, std::generic_category()).message() + "."};
    }
    auto made = std::make_unique<Workbook>();
    Workbook& book = *made;
    book.scratch.path = pattern;
    book.file = book.scratch.path / "responses.xlsx";
    book.created_at = input.created_at;

    const auto survey_ids = input.catalog->survey_ids();
    const auto names = xlsx_sheet_names(survey_ids);
    for (std::size_t s = 0; s < survey_ids.size(); ++s) {
        auto sheet = std::make_unique<SurveySheet>();
        SurveySheet& made_sheet = *sheet;
        made_sheet.survey_id = survey_ids[s];
        made_sheet.name = names[s];
        made_sheet.table = std::make_unique<ExportTable>(*input.catalog, std::vector{survey_ids[s]},
                                                         input.include_personal, input.language);
        made_sheet.rows_path =
            (book.scratch.path / ("rows" + std::to_string(s) + ".deflate")).string();
        made_sheet.rows_file.open(made_sheet.rows_path, std::ios::binary | std::ios::trunc);
        if (!made_sheet.rows_file)
            return Error{"Cannot write the spreadsheet's rows to " + made_sheet.rows_path + "."};
        try {
            made_sheet.rows = std::make_unique<DeflatePiece>([&made_sheet](std::string_view bytes) {
                made_sheet.rows_file.write(bytes.data(),
                                           static_cast<std::streamsize>(bytes.size()));
            });
        } catch (const std::exception& thrown) {
            return Error{std::string("Cannot start the spreadsheet: ") + thrown.what()};
        }
        made_sheet.out = std::make_unique<SheetWriter>(
            [&made_sheet](std::string_view xml) { made_sheet.rows->add(xml); });
        write_sheet_header(*made_sheet.out, *made_sheet.table);
        book.sheets.push_back(std::move(sheet));
    }
    // Everything above ran here; from now on only the thread touches the workbook.
    made->filling.reserve(RowQueue::chunk_rows);
    Workbook* running = made.get();
    try {
        made->thread = std::thread([running] { running->run(); });
    } catch (const std::system_error& thrown) {
        return Error{std::string("Cannot start the spreadsheet's thread: ") + thrown.what()};
    }
    return std::unique_ptr<XlsxBuilder>(new XlsxBuilder(std::move(made)));
}

Status XlsxBuilder::hand_over_chunk() {
    Workbook& book = *workbook_;
    std::unique_lock lock(book.queue.mutex);
    book.queue.changed.wait(lock, [&book] {
        return book.queue.chunks.size() < RowQueue::max_chunks || book.queue.is_done;
    });
    if (!book.queue.failure.empty()) return Error{book.queue.failure};
    if (!book.filling.empty()) book.queue.chunks.push_back(std::move(book.filling));
    book.filling.clear();
    book.filling.reserve(RowQueue::chunk_rows);
    lock.unlock();
    book.queue.changed.notify_all();
    return ok_status();
}

Status XlsxBuilder::add(StoredResponse stored) {
    Workbook& book = *workbook_;
    book.filling.push_back(std::move(stored));
    if (book.filling.size() < RowQueue::chunk_rows) return ok_status();
    return hand_over_chunk();
}

Result<std::filesystem::path> XlsxBuilder::finish(const std::vector<SurveyResults>& results) {
    Workbook& book = *workbook_;
    if (Status handed = hand_over_chunk(); !handed) return handed.error();
    {
        std::unique_lock lock(book.queue.mutex);
        book.queue.results = &results;
        book.queue.is_closed = true;
        book.queue.changed.notify_all();
        book.queue.changed.wait(lock, [&book] { return book.queue.is_done; });
    }
    book.thread.join();
    if (!book.queue.failure.empty()) return Error{book.queue.failure};
    return book.file;
}

Result<std::string> responses_xlsx(const XlsxInput& input,
                                   const std::filesystem::path& scratch_dir) {
    auto builder = XlsxBuilder::start(input, scratch_dir);
    if (!builder) return builder.error();
    for (const StoredResponse* stored : *input.responses) {
        if (Status added = (*builder)->add(*stored); !added) return added.error();
    }
    auto file = (*builder)->finish(*input.results);
    if (!file) return file.error();
    return read_file(*file);
}

}  // namespace standpoint
