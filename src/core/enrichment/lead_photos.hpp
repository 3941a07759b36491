#pragma once
// The lead-photo folder, DATA_DIR/lead-photos: one JPEG per company, "<companyId>.jpg", written
// once by company enrichment and served by GET /api/lead-photos/[filename].
//
// A file name is accepted only in the form this code writes (an id of letters, digits, '-' and
// '_', then ".jpg"), so no name can leave the folder ("..", "/", NUL, encoded forms decode to
// characters the form refuses). Files are opened without following symlinks.

#include <optional>
#include <string>
#include <string_view>

#include "crm/enrichment.hpp"

namespace crm::lead_photos {

// "<companyId>.jpg". REQUIRES: company_of(result) == company_id (ids are URL-safe).
std::string file_name(std::string_view company_id);
// The company id of a well-formed file name; nullopt for anything else.
std::optional<std::string> company_of(std::string_view file_name);
// "/api/lead-photos/<file name>": what companies.hero_photo_url holds.
std::string url_of(std::string_view file_name);
// JPEG data starts with the SOI marker FF D8 FF.
bool is_jpeg(std::string_view bytes);

// Whether the company's photo file exists as a regular file.
bool exists(const std::string& data_dir, std::string_view file_name);
// Writes the file through a temporary file and a rename, so a reader never sees half a photo.
// Throws crm::Error(kInternal) when the folder cannot be written.
void save(const std::string& data_dir, std::string_view file_name, std::string_view bytes);
// The photo, or nullopt when the name is malformed, the file is missing, not a regular file, a
// symlink, or over 10 MiB.
std::optional<LeadPhoto> read(const std::string& data_dir, std::string_view file_name);

}  // namespace crm::lead_photos
