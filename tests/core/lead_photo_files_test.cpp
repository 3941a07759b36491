// The lead-photo folder (core/enrichment/lead_photos.hpp) on its own: the name whitelist and the
// file checks hold even without the company lookup the endpoint does first.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "core/enrichment/lead_photos.hpp"
#include "core/util/ids.hpp"

using namespace crm;
namespace fs = std::filesystem;

namespace {

struct Folder {
  fs::path root = fs::temp_directory_path() / ("crm-photos-" + ids::random_token(9));
  Folder() { fs::create_directories(root / "data" / "lead-photos"); }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  std::string data_dir() const { return (root / "data").string(); }
  void write(const fs::path& path, std::string_view bytes) const {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
};

}  // namespace

TEST_CASE("lead photo names: only <id>.jpg of URL-safe id characters") {
  CHECK(lead_photos::company_of("01hx3k9q2m.jpg") == "01hx3k9q2m");
  CHECK(lead_photos::company_of("a-b_C.jpg") == "a-b_C");
  CHECK(lead_photos::file_name("abc") == "abc.jpg");
  CHECK(lead_photos::url_of("abc.jpg") == "/api/lead-photos/abc.jpg");
  for (const std::string& bad :
       std::vector<std::string>{"..", "../x.jpg", "..%2fx.jpg", "a/b.jpg", "/etc/passwd", ".jpg",
                                "x.jpeg", "x.JPG", "x.jpg.png", "x..jpg", std::string("a\0.jpg", 6),
                                "a b.jpg", "a\\b.jpg", std::string(65, 'a') + ".jpg", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(lead_photos::company_of(bad));
  }
}

TEST_CASE("lead photo files: saved atomically, read back, never through a symlink") {
  Folder f;
  const std::string jpeg = std::string("\xFF\xD8\xFF\xDB", 4) + "data";
  CHECK(lead_photos::is_jpeg(jpeg));
  CHECK_FALSE(lead_photos::is_jpeg("\x89PNG"));

  lead_photos::save(f.data_dir(), "co1.jpg", jpeg);
  CHECK(lead_photos::exists(f.data_dir(), "co1.jpg"));
  const auto photo = lead_photos::read(f.data_dir(), "co1.jpg");
  REQUIRE(photo);
  CHECK(photo->bytes == jpeg);
  CHECK(photo->etag.starts_with("\"" + std::to_string(jpeg.size()) + "-"));
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(f.root / "data" / "lead-photos"))
    files += entry.is_regular_file();
  CHECK(files == 1);  // no temporary file left behind

  // A file beside or above the folder is out of reach whatever the name says.
  f.write(f.root / "data" / "secret.jpg", jpeg);
  CHECK_FALSE(lead_photos::read(f.data_dir(), "../secret.jpg"));
  CHECK_FALSE(lead_photos::exists(f.data_dir(), "../secret.jpg"));
  fs::create_symlink(f.root / "data" / "secret.jpg", f.root / "data" / "lead-photos" / "link.jpg");
  CHECK_FALSE(lead_photos::read(f.data_dir(), "link.jpg"));
  CHECK_FALSE(lead_photos::exists(f.data_dir(), "link.jpg"));
  CHECK_FALSE(lead_photos::read(f.data_dir(), "missing.jpg"));
}
