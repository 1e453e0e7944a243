#include "kiosk/export/responses_xlsx.hpp"

#include <stdlib.h>  // mkdtemp
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

#include "kiosk/core/utf8.hpp"
#include "kiosk/export/export_table.hpp"

namespace standpoint {

namespace {

constexpr std::size_t max_sheet_name_chars = 31;
constexpr std::size_t max_cell_text_bytes = 32767;  // Excel's limit for one cell
constexpr double max_column_width = 60;
// A question's text in the header row wraps at this width (rows below set the width if wider).
constexpr double header_width = 24;

// Text cut to Excel's cell limit at a code point boundary (responses.jsonl keeps it whole).
std::string_view cell_text(const std::string& text) {
    return prefix_within_bytes(text, max_cell_text_bytes);
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

struct WorkbookCloser {
    void operator()(lxw_workbook* workbook) const { workbook_close(workbook); }
};

// Writes cells and remembers the first error: libxlsxwriter returns one per call.
class SheetWriter {
public:
    SheetWriter(lxw_worksheet* sheet, lxw_error& first_error)
        : sheet_(sheet), error_(first_error) {}

    void text(lxw_row_t row, lxw_col_t col, const std::string& value,
              lxw_format* format = nullptr) {
        if (value.empty() && format == nullptr) return;
        const std::string_view shown = cell_text(value);
        const std::string owned = shown.size() == value.size() ? std::string() : std::string(shown);
        note(worksheet_write_string(sheet_, row, col, owned.empty() ? value.c_str() : owned.c_str(),
                                    format));
        widen(col, static_cast<double>(code_points_in(shown)));
    }
    void number(lxw_row_t row, lxw_col_t col, double value, lxw_format* format = nullptr,
                double width = 8) {
        note(worksheet_write_number(sheet_, row, col, value, format));
        widen(col, width);
    }
    // A header cell: written, but its words wrap within the column rather than widen it.
    void header(lxw_row_t row, lxw_col_t col, const std::string& value, lxw_format* format) {
        const std::string_view shown = cell_text(value);
        note(worksheet_write_string(sheet_, row, col, std::string(shown).c_str(), format));
        widen(col, std::min(static_cast<double>(code_points_in(shown)), header_width));
    }
    // A column of long text: as wide as the sheet allows, each cell wrapping inside it.
    void wide(lxw_col_t col) { widen(col, max_column_width); }
    // Column widths from what was written, within reason.
    void set_widths() {
        for (std::size_t col = 0; col < widths_.size(); ++col) {
            const double width = std::min(max_column_width, std::max(8.0, widths_[col] + 2));
            note(worksheet_set_column(sheet_, static_cast<lxw_col_t>(col),
                                      static_cast<lxw_col_t>(col), width, nullptr));
        }
    }

private:
    void note(lxw_error error) {
        if (error != LXW_NO_ERROR && error_ == LXW_NO_ERROR) error_ = error;
    }
    void widen(lxw_col_t col, double width) {
        if (widths_.size() <= col) widths_.resize(col + 1u, 0);
        widths_[col] = std::max(widths_[col], width);
    }
    lxw_worksheet* sheet_;
    lxw_error& error_;
    std::vector<double> widths_;
};

void write_summary(lxw_worksheet* sheet, const std::vector<SurveyResults>& results,
                   lxw_format* bold, lxw_error& error) {
    SheetWriter out(sheet, error);
    lxw_row_t row = 0;
    for (const auto& survey : results) {
        out.text(row, 0, survey.title, bold);
        out.text(row, 1,
                 survey.survey_id + " (version " + std::to_string(survey.survey_version) + ")");
        ++row;
        out.text(row, 0, "Complete");
        out.number(row++, 1, static_cast<double>(survey.complete));
        out.text(row, 0, "Partial");
        out.number(row++, 1, static_cast<double>(survey.partial));
        ++row;
        const char* headers[] = {"question_id", "question", "answer", "label", "count"};
        for (lxw_col_t col = 0; col < 5; ++col) out.text(row, col, headers[col], bold);
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
    out.set_widths();
}

// The formats a survey sheet uses (made once per workbook).
struct SheetFormats {
    lxw_format* header = nullptr;    // bold, wrapped, top: the question's text
    lxw_format* id = nullptr;        // the column's id, for formulas and the questions sheet
    lxw_format* datetime = nullptr;  // local times
    lxw_format* wrapped = nullptr;   // free text: long comments wrap inside their column
};

// Row 1 of a survey sheet: what a reader sees, the question's text (and the option's label).
std::string readable_header(const ExportColumn& column) {
    if (column.kind == ColumnKind::option_flag) return column.prompt + ": " + column.option_label;
    return column.prompt.empty() ? column.name : column.prompt;
}

// Rows 1 and 2 of a survey sheet: the question's text, then the column's id (as in
// responses.csv). Row by row: in constant-memory mode a row cannot be gone back to.
void write_sheet_header(lxw_worksheet* sheet, SheetWriter& out, const ExportTable& table,
                        const SheetFormats& formats) {
    const auto& columns = table.columns();
    for (std::size_t col = 0; col < columns.size(); ++col)
        out.header(0, static_cast<lxw_col_t>(col), readable_header(columns[col]), formats.header);
    for (std::size_t col = 0; col < columns.size(); ++col) {
        const auto c = static_cast<lxw_col_t>(col);
        out.text(1, c, columns[col].name, formats.id);
        if (columns[col].kind == ColumnKind::answer && columns[col].type == "text") out.wide(c);
    }
    worksheet_freeze_panes(sheet, 2, 0);
}

void write_sheet_row(SheetWriter& out, lxw_row_t row, const std::vector<ExportColumn>& columns,
                     const std::vector<Cell>& cells, const SheetFormats& formats) {
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        switch (cells[c].kind) {
            case Cell::Kind::empty:
                break;
            case Cell::Kind::number:
                out.number(row, col, static_cast<double>(cells[c].number));
                break;
            case Cell::Kind::text:
                out.text(row, col, cells[c].text,
                         columns[c].type == "text" ? formats.wrapped : nullptr);
                break;
            case Cell::Kind::local_time:
                out.number(row, col, excel_serial(cells[c].number), formats.datetime, 19);
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

// One survey's sheet while rows go in.
struct SurveySheet {
    std::string survey_id;
    lxw_worksheet* sheet = nullptr;
    std::unique_ptr<ExportTable> table;
    std::unique_ptr<SheetWriter> out;
    lxw_row_t next_row = 2;  // below the two header rows
};

// Rows on their way to the workbook's thread, a chunk at a time; the queue is bounded so the
// export's memory stays flat however far ahead the other files run.
struct RowQueue {
    static constexpr std::size_t chunk_rows = 256;
    static constexpr std::size_t max_chunks = 4;
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<std::vector<StoredResponse>> chunks;
    bool is_closed = false;     // no more rows: finish (or give up, when `results` is null)
    const std::vector<SurveyResults>* results = nullptr;
    bool is_done = false;       // the workbook is closed (or abandoned)
    std::string failure;        // the first error the thread met, for add() and finish()
};

struct XlsxBuilder::Workbook {
    ScratchFolder scratch;
    std::filesystem::path file;
    std::string tmpdir;
    std::unique_ptr<lxw_workbook, WorkbookCloser> workbook;
    lxw_error error = LXW_NO_ERROR;
    lxw_format* bold = nullptr;
    SheetFormats formats;
    lxw_worksheet* summary = nullptr;
    std::vector<SurveySheet> sheets;  // one per survey id, ascending
    const SurveyCatalog* catalog = nullptr;
    std::vector<Cell> cells;  // reused row to row
    RowQueue queue;
    std::vector<StoredResponse> filling;  // the chunk add() is filling
    std::thread thread;                   // writes the rows and closes the workbook

    Status write_row(const StoredResponse& stored);
    Status close(const std::vector<SurveyResults>& results);
    void run();
};

Status XlsxBuilder::Workbook::write_row(const StoredResponse& stored) {
    for (SurveySheet& sheet : sheets) {
        if (sheet.survey_id != stored.response.survey.id) continue;
        if (sheet.next_row >= LXW_ROW_MAX) {
            return Error{"Too many responses (more than " + std::to_string(LXW_ROW_MAX - 2) +
                         ") for one spreadsheet sheet; export a shorter date range."};
        }
        sheet.table->fill_row(stored, cells);
        write_sheet_row(*sheet.out, sheet.next_row++, sheet.table->columns(), cells, formats);
        return ok_status();
    }
    return ok_status();  // a survey the catalog does not have: not in the workbook, as before
}

Status XlsxBuilder::Workbook::close(const std::vector<SurveyResults>& results) {
    write_summary(summary, results, bold, error);
    for (SurveySheet& sheet : sheets) sheet.out->set_widths();
    const lxw_error closed = workbook_close(workbook.release());
    if (error == LXW_NO_ERROR) error = closed;
    if (error != LXW_NO_ERROR) {
        return Error{std::string("The spreadsheet could not be written: ") + lxw_strerror(error) +
                     " (scratch folder " + scratch.path.string() + ")."};
    }
    return ok_status();
}

// The workbook's thread: libxlsxwriter's row writing and its deflate at close are about half
// of an export's CPU (docs/performance.md), so they run beside the other files.
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
                if (Status written = write_row(stored); !written)
                    failure = written.error().message;
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
    book.tmpdir = book.scratch.path.string();
    book.catalog = input.catalog;

    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;  // rows go to a temporary file: 100,000 rows, little RAM
    options.tmpdir = book.tmpdir.data();
    options.use_zip64 = LXW_TRUE;
    book.workbook.reset(workbook_new_opt(book.file.c_str(), &options));
    if (!book.workbook)
        return Error{"Cannot start the spreadsheet in " + book.scratch.path.string() + "."};
    lxw_workbook* workbook = book.workbook.get();
    lxw_doc_properties properties{};
    std::string title = "Standpoint responses";
    properties.title = title.data();
    properties.created = static_cast<time_t>(
        std::chrono::floor<std::chrono::seconds>(input.created_at).time_since_epoch().count());
    workbook_set_properties(workbook, &properties);

    book.bold = workbook_add_format(workbook);
    format_set_bold(book.bold);
    SheetFormats& formats = book.formats;
    formats.datetime = workbook_add_format(workbook);
    format_set_num_format(formats.datetime, "yyyy-mm-dd hh:mm:ss");
    formats.header = workbook_add_format(workbook);
    format_set_bold(formats.header);
    format_set_text_wrap(formats.header);
    format_set_align(formats.header, LXW_ALIGN_VERTICAL_TOP);
    formats.id = workbook_add_format(workbook);
    format_set_italic(formats.id);
    format_set_font_color(formats.id, 0x555555);
    formats.wrapped = workbook_add_format(workbook);
    format_set_text_wrap(formats.wrapped);
    format_set_align(formats.wrapped, LXW_ALIGN_VERTICAL_TOP);

    // The Summary sheet comes first in the workbook; its cells are written in finish(), once
    // every response has been counted (each sheet has its own temporary file).
    book.summary = workbook_add_worksheet(workbook, "Summary");
    if (book.summary == nullptr) return Error{"Cannot add the Summary sheet to the spreadsheet."};
    const auto survey_ids = input.catalog->survey_ids();
    const auto names = xlsx_sheet_names(survey_ids);
    for (std::size_t s = 0; s < survey_ids.size(); ++s) {
        SurveySheet sheet;
        sheet.survey_id = survey_ids[s];
        sheet.sheet = workbook_add_worksheet(workbook, names[s].c_str());
        if (sheet.sheet == nullptr)
            return Error{"Cannot add the sheet '" + names[s] + "' to the spreadsheet."};
        sheet.table = std::make_unique<ExportTable>(*input.catalog, std::vector{survey_ids[s]},
                                                    input.include_personal, input.language);
        sheet.out = std::make_unique<SheetWriter>(sheet.sheet, book.error);
        write_sheet_header(sheet.sheet, *sheet.out, *sheet.table, formats);
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
