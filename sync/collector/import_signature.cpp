#include "sync/collector/import_signature.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <optional>

#include "sync/protocol/signature.hpp"
#include "sync/protocol/export_folder.hpp"

namespace standpoint {

namespace {

const std::string nothing_imported = " Nothing was imported.";

// manifest.sig's text; nullopt when the folder has none. Opened without following a link or
// blocking on a FIFO, and only as a small regular file.
Result<std::optional<std::string>> read_signature_file(const std::filesystem::path& folder) {
    const std::filesystem::path path = folder / export_file::manifest_sig;
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return std::optional<std::string>();
        return Error{std::string(export_file::manifest_sig) + " in " + folder.string() +
                     " cannot be read." + nothing_imported};
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) ||
        info.st_size > static_cast<off_t>(max_manifest_signature_bytes)) {
        ::close(fd);
        return Error{std::string(export_file::manifest_sig) + " in " + folder.string() +
                     " is not a signature file (not a small regular file)." + nothing_imported};
    }
    std::string text(static_cast<std::size_t>(info.st_size), '\0');
    const ssize_t got = ::read(fd, text.data(), text.size());
    ::close(fd);
    if (got != static_cast<ssize_t>(text.size())) {
        return Error{std::string(export_file::manifest_sig) + " could not be read." +
                     nothing_imported};
    }
    return std::optional<std::string>(std::move(text));
}

}  // namespace

Result<ExportSigner> check_export_signature(CollectorStore& store,
                                            const std::filesystem::path& folder,
                                            std::string_view manifest_text,
                                            const std::string& device_id,
                                            const SignatureChoice& choice) {
    auto name = store.device_name(device_id);
    if (!name) return name.error();
    const std::string device =
        name->has_value() ? "device " + **name + " (" + device_id + ")" : "device " + device_id;
    auto registered = store.device_public_key(device_id);
    if (!registered) return registered.error();

    auto file = read_signature_file(folder);
    if (!file) return file.error();
    if (!file->has_value()) {
        if (registered->has_value()) {
            return Error{"This export says it comes from " + device +
                         ", which signs its exports, but it has no " + export_file::manifest_sig +
                         ": it was not made by that kiosk, or the signature was removed." +
                         nothing_imported};
        }
        if (!choice.accept_device) {
            return Error{"This export of " + device + " is not signed (" + export_file::manifest_sig +
                         " is missing): a kiosk from before signed exports, or a stick someone "
                         "made. Import it only if you know where it comes from, with "
                         "--accept-device." +
                         nothing_imported};
        }
        return ExportSigner{"", false, "unsigned export accepted by staff"};
    }
    auto signature = parse_manifest_signature(**file);
    if (!signature) return Error{signature.error().message + nothing_imported};
    if (!verify_signature(signature->public_key_hex, SignedKind::export_manifest, manifest_text,
                          signature->signature_hex)) {
        return Error{"manifest.json of " + device +
                     " does not match its signature: the stick was changed after the kiosk "
                     "wrote it (answers edited and the manifest re-hashed, or damage). Refused "
                     "whatever the options; export again from the kiosk." +
                     nothing_imported};
    }
    const std::string& key = signature->public_key_hex;
    if (registered->has_value() && **registered == key) return ExportSigner{key, false, ""};
    if (registered->has_value()) {
        if (!choice.accept_device) {
            return Error{"This export says it comes from " + device + " but is signed by key " +
                         key + ", not by that kiosk's key " + **registered +
                         ": a forged stick, or the kiosk was reinstalled and made a new key. "
                         "Only if you know the kiosk has a new key (check it on the kiosk with "
                         "`standpoint status`), import again with --accept-device; that key then "
                         "replaces the old one." +
                         nothing_imported};
        }
        return ExportSigner{key, true, "accepted by staff at import (replacing a key)"};
    }
    if (choice.adding_device) return ExportSigner{key, true, "registered at import (--add-device)"};
    if (!choice.accept_device) {
        return Error{"This export of " + device + " is signed by key " + key +
                     ", which this collector has not accepted for that kiosk yet. If the stick "
                     "comes from that kiosk (check the key on the kiosk with `standpoint "
                     "status`), import again with --accept-device." +
                     nothing_imported};
    }
    return ExportSigner{key, true, "accepted by staff at import (--accept-device)"};
}

}  // namespace standpoint
