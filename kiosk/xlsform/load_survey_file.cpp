#include "kiosk/xlsform/load_survey_file.hpp"

#include <fstream>
#include <iterator>

#include "kiosk/core/sha256.hpp"
#include "kiosk/core/survey_loader.hpp"
#include "kiosk/xlsform/xlsform_import.hpp"
#include "kiosk/xlsform/xlsx_reader.hpp"

namespace standpoint {
namespace {

constexpr std::size_t max_file_bytes = 4 * 1024 * 1024;

bool is_workbook(const std::string& bytes) {
    return bytes.rfind("PK", 0) == 0 || bytes.rfind("\xD0\xCF\x11\xE0", 0) == 0;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
    return out;
}

// The survey checker names a question ("FORM.xlsx: question 'age': ..."); in a workbook the
// person needs the row, so put the question's cell in front.
std::string placed(const std::string& line, const std::string& source,
                   const std::map<std::string, std::string>& cell_of_question) {
    const std::string prefix = source + ": question '";
    if (line.rfind(prefix, 0) != 0) return line;
    const auto close = line.find('\'', prefix.size());
    if (close == std::string::npos) return line;
    const auto found = cell_of_question.find(line.substr(prefix.size(), close - prefix.size()));
    if (found == cell_of_question.end()) return line;
    return source + ": " + found->second + ": " + line.substr(source.size() + 2);
}

std::string file_stem_id(const std::string& source_name) {
    std::string stem = std::filesystem::path(source_name).stem().string();
    for (char& c : stem) {
        const bool is_plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                              (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!is_plain) c = '-';
    }
    if (stem.size() > 64) stem.resize(64);
    return stem.empty() ? "survey" : stem;
}

Error too_large(const std::string& name, std::uintmax_t size) {
    return Error{name + ": the file is " + std::to_string(size / 1024) +
                 " KB, more than the 4 MB a survey may be; is this the right file?"};
}

}  // namespace

Result<LoadedSurvey> load_survey_bytes(std::string bytes, const std::string& source_name) {
    // Bytes that came from elsewhere (the console's upload, the collector's delivery) meet the
    // same bound as a file.
    if (bytes.size() > max_file_bytes) return too_large(source_name, bytes.size());
    LoadedSurvey loaded;
    loaded.source_sha256 = sha256_hex(bytes);
    if (!is_workbook(bytes)) {
        Result<Survey> survey = parse_survey(bytes, source_name);
        if (!survey) return survey.error();
        loaded.survey = std::move(survey.value());
        loaded.kept.definition = std::move(bytes);  // the file chosen is the definition
        return loaded;
    }
    loaded.is_xlsform = true;
    Result<Workbook> workbook = read_xlsx(bytes);
    if (!workbook) return Error{source_name + ": " + workbook.error().message};
    XlsformConversion conversion =
        convert_xlsform(*workbook, source_name, file_stem_id(source_name));
    if (!conversion.problems.empty()) return Error{joined(conversion.problems)};
    Result<Survey> survey = parse_survey(conversion.json_text, source_name);
    if (!survey) {
        std::vector<std::string> lines;
        std::string message = survey.error().message;
        std::size_t start = 0;
        while (start <= message.size()) {
            auto stop = message.find('\n', start);
            if (stop == std::string::npos) stop = message.size();
            lines.push_back(placed(message.substr(start, stop - start), source_name,
                                   conversion.cell_of_question));
            start = stop + 1;
        }
        return Error{joined(lines)};
    }
    loaded.survey = std::move(survey.value());
    loaded.kept.definition = std::move(conversion.json_text);
    loaded.kept.source_name = std::filesystem::path(source_name).filename().string();
    if (loaded.kept.source_name.empty()) loaded.kept.source_name = "survey.xlsx";
    loaded.kept.source_bytes = std::move(bytes);
    loaded.warnings = std::move(conversion.warnings);
    return loaded;
}

Result<LoadedSurvey> load_survey_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error) return Error{name + ": cannot be read (" + error.message() + ")"};
    if (size > max_file_bytes) return too_large(name, size);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error{name + ": cannot be opened"};
    std::string bytes;
    bytes.resize(static_cast<std::size_t>(size));
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::size_t>(in.gcount()) != bytes.size() || in.peek() != EOF)
        return Error{name + ": changed while it was being read; try again"};
    return load_survey_bytes(std::move(bytes), name);
}

}  // namespace standpoint
