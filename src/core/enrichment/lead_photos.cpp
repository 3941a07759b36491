#include "core/enrichment/lead_photos.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/util/ids.hpp"
#include "crm/error.hpp"

namespace crm::lead_photos {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kExtension = ".jpg";
constexpr std::size_t kMaxIdLength = 64;
constexpr off_t kMaxPhotoBytes = 10 << 20;

fs::path folder(const std::string& data_dir) { return fs::path(data_dir) / "lead-photos"; }

// An open descriptor of the regular file `name` in the folder, never through a symlink; -1
// when there is none.
int open_photo(const std::string& data_dir, std::string_view name, struct stat& st) {
  if (!company_of(name)) return -1;
  const int dir = ::open(folder(data_dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return -1;
  const int fd = ::openat(dir, std::string(name).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  ::close(dir);
  if (fd < 0) return -1;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

std::string file_name(std::string_view company_id) {
  return std::string(company_id) + std::string(kExtension);
}

std::optional<std::string> company_of(std::string_view name) {
  if (!name.ends_with(kExtension)) return std::nullopt;
  const std::string_view id = name.substr(0, name.size() - kExtension.size());
  if (id.empty() || id.size() > kMaxIdLength) return std::nullopt;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return std::nullopt;
  }
  return std::string(id);
}

std::string url_of(std::string_view name) { return "/api/lead-photos/" + std::string(name); }

bool is_jpeg(std::string_view b) {
  return b.size() > 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
         static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF;
}

bool exists(const std::string& data_dir, std::string_view name) {
  struct stat st {};
  const int fd = open_photo(data_dir, name, st);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

void save(const std::string& data_dir, std::string_view name, std::string_view bytes) {
  if (!company_of(name)) throw Error::internal("bad lead photo name");
  std::error_code ec;
  fs::create_directories(folder(data_dir), ec);
  const fs::path target = folder(data_dir) / std::string(name);
  const fs::path temp =
      folder(data_dir) / ("." + std::string(name) + "." + ids::random_token(6) + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      fs::remove(temp, ec);
      throw Error::internal("cannot write lead photo " + temp.string());
    }
  }
  fs::rename(temp, target, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw Error::internal("cannot store lead photo " + target.string());
  }
}

std::optional<LeadPhoto> read(const std::string& data_dir, std::string_view name) {
  struct stat st {};
  const int fd = open_photo(data_dir, name, st);
  if (fd < 0) return std::nullopt;
  if (st.st_size > kMaxPhotoBytes) {
    ::close(fd);
    return std::nullopt;
  }
  LeadPhoto photo;
  photo.bytes.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < photo.bytes.size()) {
    const ssize_t n = ::read(fd, photo.bytes.data() + done, photo.bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  photo.bytes.resize(done);
  const auto mtime_ms =
      static_cast<TimeMs>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
  photo.modified_at = mtime_ms;
  photo.etag = "\"" + std::to_string(done) + "-" + std::to_string(st.st_mtim.tv_sec) + "." +
               std::to_string(st.st_mtim.tv_nsec) + "\"";
  return photo;
}

}  // namespace crm::lead_photos
