// Sections: [files] reading and hashing the folder's files; [lines] responses.jsonl line by line;
// [import] the steps in order; [report] what is printed.
#include "sync/collector/import_command.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "kiosk/core/sha256.hpp"
#include "sync/collector/collector_key.hpp"
#include "sync/protocol/sealed_box.hpp"
#include "sync/files/regular_file.hpp"

namespace standpoint {

namespace {

constexpr std::size_t read_block_bytes = 1024u * 1024u;
constexpr std::size_t records_per_chunk = 500;
constexpr std::size_t rejected_lines_kept = 100;

const std::string nothing_stored = " Nothing was imported.";

// ---- [files] ------------------------------------------------------------------------------

class Sha256Stream {
public:
    Sha256Stream() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        if (context_) EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr);
    }
    void add(const char* data, std::size_t size) {
        if (context_) EVP_DigestUpdate(context_.get(), data, size);
    }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int size = 0;
        // "" never equals a manifest's hash, so a libcrypto failure reads as a mismatch.
        if (!context_ || EVP_DigestFinal_ex(context_.get(), digest, &size) != 1) return {};
        static constexpr char digits[] = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < size; ++i) {
            out += digits[digest[i] >> 4];
            out += digits[digest[i] & 15];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

using File = std::unique_ptr<std::FILE, decltype(&std::fclose)>;

// Opens a listed file after checking it is there, a regular file, and of the listed size.
Result<File> open_listed(const std::filesystem::path& folder, const ExportManifestFile& entry) {
    const std::filesystem::path path = folder / entry.name;
    std::error_code error;
    const auto status = std::filesystem::symlink_status(path, error);
    if (!std::filesystem::exists(status)) {
        return Error{entry.name + " is missing from " + folder.string() +
                     " (manifest.json lists it): the export is incomplete. Copy the whole folder "
                     "again, or export again from the kiosk." + nothing_stored};
    }
    if (!std::filesystem::is_regular_file(status)) {
        return Error{entry.name + " in " + folder.string() + " is not a regular file." +
                     nothing_stored};
    }
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        return Error{entry.name + " in " + folder.string() + " cannot be read." + nothing_stored};
    }
    if (size != entry.bytes) {
        return Error{entry.name + " is " + std::to_string(size) + " bytes, but manifest.json says " +
                     std::to_string(entry.bytes) +
                     ": the file is truncated or was changed after the export. Copy the folder "
                     "again, or export again from the kiosk." + nothing_stored};
    }
    auto opened = open_regular_file(path);
    if (!opened || opened->size() != entry.bytes) {
        return Error{entry.name + " in " + folder.string() + " cannot be read as it was listed." +
                     nothing_stored};
    }
    File file(::fdopen(opened->fd(), "rb"), std::fclose);
    if (!file) {
        return Error{entry.name + " in " + folder.string() + " cannot be read." + nothing_stored};
    }
    opened->release();  // the FILE owns the descriptor now
    return file;
}

Error changed(const ExportManifestFile& entry) {
    return Error{entry.name + " does not match its SHA-256 in manifest.json: the file was "
                 "changed or damaged after the export. Copy the folder again, or export again "
                 "from the kiosk." + nothing_stored};
}

// Reads the whole file (hashing it), or just hashes it when `keep` is null.
Status read_checked(const std::filesystem::path& folder, const ExportManifestFile& entry,
                    std::string* keep) {
    auto file = open_listed(folder, entry);
    if (!file) return file.error();
    Sha256Stream hash;
    std::string block(read_block_bytes, '\0');
    std::uint64_t total = 0;
    for (;;) {
        const std::size_t got = std::fread(block.data(), 1, block.size(), file->get());
        if (got == 0) break;
        hash.add(block.data(), got);
        total += got;
        if (keep != nullptr) keep->append(block.data(), got);
    }
    if (std::ferror(file->get())) {
        return Error{entry.name + " could not be read to the end (was the stick pulled?)." +
                     nothing_stored};
    }
    if (total != entry.bytes || hash.hex() != entry.sha256) return changed(entry);
    return ok_status();
}

const ExportManifestFile& listed(const ExportManifest& manifest, const std::string& name) {
    for (const ExportManifestFile& file : manifest.files) {
        if (file.name == name) return file;
    }
    throw std::logic_error("parse_export_manifest guarantees " + name + " is listed");
}

// ---- [lines] ------------------------------------------------------------------------------

// responses.jsonl one line at a time, hashed as it is read, so the bytes stored are the bytes
// checked: a file changed between the check and the import is caught at the end. A line longer
// than max_export_line_bytes is never held in memory: the rest of it is skipped.
class LineReader {
public:
    explicit LineReader(File file) : file_(std::move(file)), block_(read_block_bytes, '\0') {}

    struct Line {
        std::int64_t number = 0;
        std::string text;
        bool is_too_long = false;
    };

    // False at the end of the file.
    bool next(Line& line) {
        line = Line{};
        bool has_bytes = false;
        for (;;) {
            if (position_ == filled_ && !fill()) {
                if (!has_bytes) return false;
                break;
            }
            const char* begin = block_.data() + position_;
            const char* end = block_.data() + filled_;
            const char* newline = static_cast<const char*>(std::memchr(begin, '\n', end - begin));
            const char* stop = newline != nullptr ? newline : end;
            has_bytes = true;
            const auto size = static_cast<std::size_t>(stop - begin);
            if (!line.is_too_long && line.text.size() + size <= max_export_line_bytes) {
                line.text.append(begin, size);
            } else {
                line.is_too_long = true;
                line.text.clear();
            }
            position_ += size;
            if (newline != nullptr) {
                ++position_;
                break;
            }
        }
        line.number = ++number_;
        if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
        return true;
    }

    bool failed() const { return failed_; }
    std::uint64_t bytes() const { return bytes_; }
    std::string sha256() { return hash_.hex(); }

private:
    bool fill() {
        position_ = 0;
        filled_ = std::fread(block_.data(), 1, block_.size(), file_.get());
        if (filled_ == 0) {
            failed_ = std::ferror(file_.get()) != 0;
            return false;
        }
        hash_.add(block_.data(), filled_);
        bytes_ += filled_;
        return true;
    }

    File file_;
    std::string block_;
    std::size_t position_ = 0;
    std::size_t filled_ = 0;
    std::int64_t number_ = 0;
    std::uint64_t bytes_ = 0;
    bool failed_ = false;
    Sha256Stream hash_;
};

bool is_blank(const std::string& text) {
    return text.find_first_not_of(" \t") == std::string::npos;
}

// ---- [import] -----------------------------------------------------------------------------

// `text` gets manifest.json's exact bytes: its signature is over them.
Result<ExportManifest> read_manifest(const std::filesystem::path& folder, std::string& text) {
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) {
        return Error{folder.string() + " is not a folder. Give the export's folder "
                     "(standpoint-<event>-<date>-<device>) on the stick."};
    }
    // A FIFO or device named manifest.json is refused at once instead of hanging the import.
    auto read = read_regular_file(folder / export_file::manifest_json, max_manifest_bytes + 1);
    if (!read) {
        return Error{folder.string() + " has no manifest.json (or it cannot be read: " +
                     read.error().message + "): this is "
                     "not a finished export. The kiosk writes manifest.json last, after every "
                     "file was checked, so the export was interrupted or this is another folder. "
                     "Export again from the kiosk." + nothing_stored};
    }
    text = std::move(read).value();
    auto manifest = parse_export_manifest(text);
    if (!manifest) return Error{manifest.error().message + nothing_stored};
    std::vector<std::string> entries;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        entries.push_back(entry.path().filename().string());
    }
    if (error) return Error{folder.string() + " cannot be listed: " + error.message() + nothing_stored};
    if (Status exact = check_manifest_lists_every_file(*manifest, entries); !exact) {
        return Error{exact.error().message + nothing_stored};
    }
    return manifest;
}

Error unknown_device(const std::string& device_id) {
    return Error{"This export comes from device " + device_id +
                 ", which this collector does not know. If the stick is from one of your "
                 "kiosks, import it again with --add-device NAME to register the kiosk under "
                 "NAME (or run add-device NAME --device-id " + device_id + " first)." +
                 nothing_stored};
}

// The device must be one of this collector's, or named now with --add-device.
Status check_device(CollectorStore& store, const ImportOptions& options, ImportReport& report) {
    const std::string& device_id = report.manifest.device_id;
    auto name = store.device_name(device_id);
    if (!name) return name.error();
    if (name->has_value()) {
        report.device_name = **name;
        return ok_status();
    }
    if (options.add_device_name.empty()) return unknown_device(device_id);
    auto token = random_hex(32);
    if (!token) return token.error();
    if (Status added = store.add_device(options.add_device_name, sha256_hex(*token), device_id);
        !added) {
        return Error{added.error().message + nothing_stored};
    }
    report.device_name = options.add_device_name;
    report.new_device_token = *token;
    return ok_status();
}

// The responses of a sealed file, opened with this collector's key (docs/security.md). The
// sealed bytes are checked against the signed manifest first, like every other file.
Result<std::string> open_sealed(const ImportOptions& options, const ExportManifest& manifest) {
    const ExportManifestFile& entry = listed(manifest, manifest.sealed_file);
    if (entry.bytes > max_sealed_plaintext_bytes + sealed_box_overhead()) {
        return Error{entry.name + " is larger than any export writes." + nothing_stored};
    }
    auto key = load_collector_key(options.collector_key_file);
    if (!key) return Error{key.error().message + nothing_stored};
    if (!key->has_value()) {
        return Error{"This export holds personal data sealed to collector key " +
                     manifest.sealed_to + ", and this collector has no key file (" +
                     options.collector_key_file.string() +
                     "). Give the right one with --key FILE." + nothing_stored};
    }
    if ((*key)->public_key_hex() != manifest.sealed_to) {
        return Error{"This export's personal data is sealed to collector key " +
                     manifest.sealed_to + ", not to this collector's key " +
                     (*key)->public_key_hex() + " (" + options.collector_key_file.string() +
                     "): import it at the collector it was meant for, or give its key with "
                     "--key FILE." + nothing_stored};
    }
    std::string sealed;
    if (Status read = read_checked(options.folder, entry, &sealed); !read) return read.error();
    auto plain = (*key)->open(sealed);
    if (!plain) {
        return Error{entry.name + " could not be opened: " + plain.error().message + "." +
                     nothing_stored};
    }
    return plain;
}

// Hands the store chunks of good records; bad lines are counted and named, not stored.
ResponseChunkSource chunk_source(LineReader& reader, const ExportManifestFile& entry,
                                 ImportReport& report) {
    return [&reader, &entry, &report]() -> Result<std::vector<ResponseRecord>> {
        std::vector<ResponseRecord> chunk;
        LineReader::Line line;
        while (chunk.size() < records_per_chunk && reader.next(line)) {
            if (!line.is_too_long && is_blank(line.text)) continue;
            ++report.lines;
            auto record = line.is_too_long
                              ? Result<ResponseRecord>(Error{"longer than any response the "
                                                             "protocol allows (4 MiB)."})
                              : parse_export_line(line.text, report.manifest.device_id);
            if (record) {
                chunk.push_back(std::move(record).value());
                continue;
            }
            ++report.rejected;
            if (report.rejected_lines.size() < rejected_lines_kept) {
                report.rejected_lines.push_back("line " + std::to_string(line.number) + ": " +
                                                record.error().message);
            }
        }
        if (!chunk.empty()) return chunk;
        // The end: everything stored must be exactly the bytes the manifest vouches for.
        if (reader.failed()) {
            return Error{entry.name + " could not be read to the end (was the stick pulled?)." +
                         nothing_stored};
        }
        if (reader.bytes() != entry.bytes || reader.sha256() != entry.sha256) {
            return Error{entry.name + " changed while it was being imported." + nothing_stored};
        }
        if (report.lines != report.manifest.responses) {
            return Error{"manifest.json counts " + std::to_string(report.manifest.responses) +
                         " responses but responses.jsonl holds " + std::to_string(report.lines) +
                         " lines: the export is not consistent." + nothing_stored};
        }
        return chunk;
    };
}

}  // namespace

Result<ImportReport> import_export_folder(CollectorStore& store, const ImportOptions& options) {
    ImportReport report;
    std::string manifest_text;
    auto manifest = read_manifest(options.folder, manifest_text);
    if (!manifest) return manifest.error();
    report.manifest = std::move(manifest).value();

    // Who made the stick, before a single file is trusted (a re-hashed manifest fails here).
    auto known = store.device_name(report.manifest.device_id);
    if (!known) return known.error();
    if (!known->has_value() && options.add_device_name.empty()) {
        return unknown_device(report.manifest.device_id);
    }
    const SignatureChoice choice{options.accept_device,
                                 !options.add_device_name.empty() && !known->has_value()};
    auto signer = check_export_signature(store, options.folder, manifest_text,
                                         report.manifest.device_id, choice);
    if (!signer) return signer.error();
    report.signer = std::move(signer).value();

    // Every listed file, before anything is stored: a tampered chart or CSV means the stick
    // cannot be trusted, even though only the JSON files are imported.
    for (const ExportManifestFile& entry : report.manifest.files) {
        if (Status checked = read_checked(options.folder, entry, nullptr); !checked) {
            return checked.error();
        }
    }
    const ExportManifestFile& surveys_entry = listed(report.manifest, export_file::surveys_json);
    if (surveys_entry.bytes > max_surveys_file_bytes) {
        return Error{"surveys.json is larger than any export writes (32 MiB)." + nothing_stored};
    }
    std::string surveys_text;
    if (Status read = read_checked(options.folder, surveys_entry, &surveys_text); !read) {
        return read.error();
    }
    auto surveys = parse_export_surveys(surveys_text);
    if (!surveys) return Error{surveys.error().message + nothing_stored};
    // Registered (with --add-device) only once the folder has proved sound.
    // Personal data sealed to this collector: its lossless lines are the ones imported.
    std::string opened;
    ExportManifestFile responses_entry = listed(report.manifest, export_file::responses_jsonl);
    if (!report.manifest.sealed_file.empty()) {
        auto plain = open_sealed(options, report.manifest);
        if (!plain) return plain.error();
        opened = std::move(plain).value();
        responses_entry = {report.manifest.sealed_file, opened.size(), sha256_hex(opened)};
        report.opened_sealed = true;
    }
    if (Status device = check_device(store, options, report); !device) return device.error();
    if (report.signer.is_new_key) {
        if (Status kept = store.set_device_public_key(report.manifest.device_id,
                                                      report.signer.public_key, report.signer.how);
            !kept) {
            return Error{kept.error().message + nothing_stored};
        }
    }

    File responses_file(nullptr, std::fclose);
    if (report.opened_sealed) {
        responses_file.reset(fmemopen(opened.data(), opened.size(), "rb"));
        if (!responses_file) return Error{"The opened personal data could not be read." + nothing_stored};
    } else {
        auto listed_file = open_listed(options.folder, responses_entry);
        if (!listed_file) return listed_file.error();
        responses_file = std::move(listed_file).value();
    }
    LineReader reader(std::move(responses_file));
    // Written where a batch writes its batch_id: which stick a row came from.
    const std::string import_id = "import:" + responses_entry.sha256;
    auto tally = store.store_import(*surveys, import_id, chunk_source(reader, responses_entry, report));
    if (!tally) return tally.error();
    report.created = tally->created;
    report.duplicate = tally->duplicate;
    report.conflicts = std::move(tally->conflicts);
    return report;
}

// ---- [report] -----------------------------------------------------------------------------

std::string describe_import(const ImportReport& report) {
    const ExportManifest& manifest = report.manifest;
    std::ostringstream out;
    if (!report.new_device_token.empty()) {
        out << "Registered the kiosk as device " << report.device_name << " (" << manifest.device_id
            << "). Its sync token, shown once (put it in the kiosk's DATA/sync-token if it will "
               "sync over the network): "
            << report.new_device_token << "\n";
    }
    out << "Imported the export of device " << report.device_name << " (" << manifest.device_id
        << ")";
    if (!manifest.event_id.empty()) out << ", event " << manifest.event_id;
    if (!manifest.created_at.empty()) out << ", made " << manifest.created_at;
    out << ": " << report.lines << " responses checked.\n";
    if (report.signer.public_key.empty()) {
        out << "The export is not signed; staff accepted it (--accept-device).\n";
    } else {
        out << "Signed by the kiosk's key " << report.signer.public_key
            << (report.signer.is_new_key ? " (now registered for this device: " + report.signer.how + ")"
                                          : " (the key registered for this device)")
            << ".\n";
    }
    if (report.opened_sealed) {
        out << "Personal data: opened " << manifest.sealed_file
            << " with this collector's key; the responses were imported with it.\n";
    }
    out << "created " << report.created << ", duplicate " << report.duplicate << ", conflict "
        << report.conflicts.size() << ", rejected " << report.rejected << "\n";
    for (const std::string& line : report.rejected_lines) out << "rejected " << line << "\n";
    if (report.rejected > static_cast<std::int64_t>(report.rejected_lines.size())) {
        out << "... and " << report.rejected - static_cast<std::int64_t>(report.rejected_lines.size())
            << " more rejected lines.\n";
    }
    if (!report.conflicts.empty()) {
        std::size_t shown = 0;
        for (const ItemResult& item : report.conflicts) {
            if (++shown > 20) break;
            out << "conflict " << item.id << ": " << item.reason << "\n";
        }
        out << "A conflict is a response this collector already holds with other answer bytes; "
               "the stored copy is unchanged and this one is kept aside (table conflicts).\n";
        if (!manifest.personal_data_included) {
            out << "This export left out personal data";
            if (!manifest.withheld_questions.empty()) {
                out << " (questions:";
                for (const std::string& id : manifest.withheld_questions) out << " " << id;
                out << ")";
            }
            out << ": a response the collector already holds in full (from sync) differs from "
                   "its copy here without those answers, so it counts as a conflict. Nothing "
                   "is lost; the full stored copy is the one kept.\n";
        }
    }
    return out.str();
}

int run_import_command(CollectorStore& store, const ImportOptions& options) {
    auto report = import_export_folder(store, options);
    if (!report) {
        std::fprintf(stderr, "standpoint-collector import: %s\n", report.error().message.c_str());
        return 1;
    }
    const std::string text = describe_import(*report);
    std::fwrite(text.data(), 1, text.size(), stdout);
    return report->rejected > 0 ? 3 : 0;
}

}  // namespace standpoint
