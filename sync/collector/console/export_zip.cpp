#include "sync/collector/console/export_zip.hpp"

#include <zip.h>

#include <fstream>
#include <memory>
#include <set>
#include <vector>

namespace standpoint::console {

namespace {

struct ZipCloser {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// "manifest.json" or "<one folder>/manifest.json" -> "manifest.json"; "" for anything else.
std::string plain_name(const std::string& name) {
    if (name.empty() || name.front() == '/' || name.find('\\') != std::string::npos ||
        name.find('\0') != std::string::npos)
        return "";
    const auto slash = name.find('/');
    if (slash == std::string::npos) return name;
    const std::string folder = name.substr(0, slash);
    const std::string file = name.substr(slash + 1);
    if (folder.empty() || folder == "." || folder == ".." || file.find('/') != std::string::npos)
        return "";
    return file;
}

}  // namespace

bool looks_like_zip(const std::string& bytes) { return bytes.rfind("PK\x03\x04", 0) == 0; }

Result<int> extract_export_zip(const std::string& zip_bytes, const std::filesystem::path& folder,
                               const std::function<bool(const std::string&)>& is_allowed_name) {
    const std::string refused = "The zip cannot be imported: ";
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(zip_bytes.data(), zip_bytes.size(), 0, &error);
    if (source == nullptr) return Error{refused + "it could not be read."};
    std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!archive) {
        zip_source_free(source);
        zip_error_fini(&error);
        return Error{refused + "it is not a zip file (or it is damaged)."};
    }
    zip_error_fini(&error);

    // 1. The directory: every limit before anything is inflated.
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    if (count < 0 || static_cast<std::size_t>(count) > max_zip_entries)
        return Error{refused + "it holds more than " + std::to_string(max_zip_entries) +
                     " entries; an export folder holds at most ten files."};
    struct Entry {
        zip_uint64_t index;
        std::string name;
        zip_uint64_t size;
    };
    std::vector<Entry> entries;
    std::set<std::string> seen;
    zip_uint64_t total = 0;
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive.get(), i, ZIP_FL_ENC_RAW, &stat) != 0 ||
            (stat.valid & (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE)) !=
                (ZIP_STAT_NAME | ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE))
            return Error{refused + "an entry's size or name cannot be read."};
        const std::string raw = stat.name;
        if (!raw.empty() && raw.back() == '/') {  // a folder entry: only the top folder may be one
            if (raw.find('/') != raw.size() - 1 || raw == "../" || raw == "./")
                return Error{refused + "'" + raw + "' is not a folder of an export."};
            continue;
        }
        const std::string name = plain_name(raw);
        if (name.empty() || !is_allowed_name(name))
            return Error{refused + "'" + raw +
                         "' is not a file of a Standpoint export folder. Nothing was imported."};
        if (!seen.insert(name).second) return Error{refused + "'" + name + "' is in it twice."};
        if ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE)
            return Error{refused + "'" + name + "' is encrypted."};
        if (stat.size > max_zip_entry_bytes)
            return Error{refused + "'" + name + "' would inflate to more than " +
                         std::to_string(max_zip_entry_bytes / (1024 * 1024)) + " MB."};
        if (stat.size > 1024 * 1024 && stat.size / max_zip_ratio > stat.comp_size)
            return Error{refused + "'" + name + "' would inflate " +
                         std::to_string(stat.size / (stat.comp_size == 0 ? 1 : stat.comp_size)) +
                         " times its size in the zip: that is not an export (a zip bomb?)."};
        total += stat.size;
        if (total > max_zip_total_bytes)
            return Error{refused + "its files would inflate to more than " +
                         std::to_string(max_zip_total_bytes / (1024 * 1024)) + " MB in all."};
        entries.push_back({i, name, stat.size});
    }

    // 2. Inflate, never past the size the directory stated.
    std::vector<char> buffer(64 * 1024);
    for (const Entry& entry : entries) {
        std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive.get(), entry.index, 0));
        if (!file) return Error{refused + "'" + entry.name + "' cannot be opened."};
        std::ofstream out(folder / entry.name, std::ios::binary | std::ios::trunc);
        zip_uint64_t written = 0;
        for (;;) {
            const zip_int64_t got = zip_fread(file.get(), buffer.data(), buffer.size());
            if (got < 0) return Error{refused + "'" + entry.name + "' is damaged."};
            if (got == 0) break;
            written += static_cast<zip_uint64_t>(got);
            if (written > entry.size)
                return Error{refused + "'" + entry.name + "' is longer than the zip says."};
            out.write(buffer.data(), static_cast<std::streamsize>(got));
        }
        if (!out.flush())
            return Error{"The collector could not keep the uploaded files for checking (is its "
                         "temporary folder full?). Nothing was imported."};
    }
    return static_cast<int>(entries.size());
}

}  // namespace standpoint::console
