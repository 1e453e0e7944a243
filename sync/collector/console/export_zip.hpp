// A USB export folder uploaded as one zip (docs/console.md "Importing a USB export"). Every limit
// is checked from the zip's directory before a byte is inflated, and again while inflating (the
// directory's sizes are the sender's word): at most max_zip_entries entries, each a plain file
// name the caller allows, directly or in one top folder ("standpoint-.../manifest.json"), no
// "..", no absolute path, no backslash, no name twice, nothing encrypted; each at most
// max_zip_entry_bytes, together at most max_zip_total_bytes, and none inflating more than
// max_zip_ratio times its compressed size (a zip bomb).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "kiosk/core/result.hpp"

namespace standpoint::console {

inline constexpr std::size_t max_zip_entries = 32;
inline constexpr std::size_t max_zip_entry_bytes = 64u * 1024u * 1024u;
inline constexpr std::size_t max_zip_total_bytes = 128u * 1024u * 1024u;
inline constexpr std::size_t max_zip_ratio = 200;

// True for the zip's own bytes (its local-header signature), whatever the upload was called.
bool looks_like_zip(const std::string& bytes);

// Writes the zip's files (by their plain names) into `folder`; the number written, or an Error in
// words that names the entry. Nothing is left half-written on an Error: the caller removes the
// folder.
Result<int> extract_export_zip(const std::string& zip_bytes, const std::filesystem::path& folder,
                               const std::function<bool(const std::string&)>& is_allowed_name);

}  // namespace standpoint::console
