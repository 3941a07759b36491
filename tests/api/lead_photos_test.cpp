// GET /api/lead-photos/[filename]: whitelisted names only, no way out of DATA_DIR/lead-photos.
#include <doctest/doctest.h>
#include <unistd.h>

#include "lead_sourcing_kit.hpp"

using namespace crm;
using namespace crm::test;
namespace json = boost::json;

namespace {

const std::string kJpeg = std::string("\xFF\xD8\xFF\xE1", 4) + "photo bytes";

struct Photos {
  TempDir data;
  ApiFixture f{[this](EngineOptions& o) { o.data_dir = (data.path / "data").string(); }};
  std::filesystem::path folder = data.path / "data" / "lead-photos";

  std::string company(const std::string& id, const std::optional<std::string>& rep = std::nullopt) {
    f.sql(
        "INSERT INTO companies (id, name, assigned_rep_id, created_at, updated_at) VALUES (?, ?, "
        "?, 1, 1)",
        id, "Company " + id, rep);
    return id;
  }
  ApiResult get(const std::string& target, const std::string& token, rest::Headers headers = {}) {
    return send_raw(f, "GET", target, token, "", "", std::move(headers));
  }
};

}  // namespace

TEST_CASE("lead photos: served as JPEG with caching headers and ETag revalidation") {
  Photos p;
  const auto token = p.f.admin_token();
  write_file(p.folder / (p.company("co1") + ".jpg"), kJpeg);
  const auto r = p.get("/api/lead-photos/co1.jpg", token);
  REQUIRE(r.status == 200);
  CHECK(r.raw.body == kJpeg);
  CHECK(r.raw.header("Content-Type") == "image/jpeg");
  CHECK(r.raw.header("Cache-Control") == "private, max-age=86400");
  CHECK(r.raw.header("X-Content-Type-Options") == "nosniff");
  const auto etag = r.raw.header("ETag");
  REQUIRE(etag);
  CHECK(etag->starts_with("\""));

  const auto again =
      p.get("/api/lead-photos/co1.jpg", token, {{"If-None-Match", std::string(*etag)}});
  CHECK(again.status == 304);
  CHECK(again.raw.body.empty());
  CHECK(again.raw.header("ETag") == *etag);
  CHECK(p.get("/api/lead-photos/co1.jpg", token, {{"If-None-Match", "\"other\""}}).status == 200);
}

TEST_CASE("lead photos: any user may see photos of companies they can see") {
  Photos p;
  p.f.admin_token();
  const auto [rep, rep_id] = p.f.make_user("rep@example.com");
  const auto [other, other_id] = p.f.make_user("other@example.com");
  write_file(p.folder / (p.company("mine", rep_id) + ".jpg"), kJpeg);
  write_file(p.folder / (p.company("pool") + ".jpg"), kJpeg);
  write_file(p.folder / (p.company("theirs", other_id) + ".jpg"), kJpeg);
  CHECK(p.get("/api/lead-photos/mine.jpg", "").status == 401);
  CHECK(p.get("/api/lead-photos/mine.jpg", rep).status == 200);
  CHECK(p.get("/api/lead-photos/pool.jpg", rep).status == 200);
  CHECK(p.get("/api/lead-photos/theirs.jpg", rep).status == 404);  // invisible = absent
  CHECK(p.get("/api/lead-photos/theirs.jpg", other).status == 200);
  CHECK(p.get("/api/lead-photos/missing.jpg", rep).status == 404);  // no such company
  p.company("nofile");
  CHECK(p.get("/api/lead-photos/nofile.jpg", rep).status == 404);
}

TEST_CASE("lead photos: traversal attempts never leave the folder") {
  Photos p;
  const auto token = p.f.admin_token();
  p.company("co1");
  write_file(p.folder / "co1.jpg", kJpeg);
  // Targets an attacker would try, outside and beside the folder.
  write_file(p.data.path / "data" / "secret.jpg", kJpeg);
  write_file(p.data.path / "secret.jpg", kJpeg);
  write_file(p.folder / "notes.txt", "not a photo");
  p.company("notes");
  for (const std::string target : {
           "/api/lead-photos/..",
           "/api/lead-photos/%2e%2e",
           "/api/lead-photos/%2E%2E%2Fsecret.jpg",
           "/api/lead-photos/..%2fsecret.jpg",
           "/api/lead-photos/..%2F..%2Fsecret.jpg",
           "/api/lead-photos/%2e%2e%2f%2e%2e%2fsecret.jpg",
           "/api/lead-photos/../secret.jpg",
           "/api/lead-photos/%2Fetc%2Fpasswd",
           "/api/lead-photos//etc/passwd",
           "/api/lead-photos/co1.jpg%00.png",
           "/api/lead-photos/co1%00.jpg",
           "/api/lead-photos/%00",
           "/api/lead-photos/co1.jpg%2F..%2F..%2Fsecret.jpg",
           "/api/lead-photos/co1.JPG",
           "/api/lead-photos/co1.jpeg",
           "/api/lead-photos/notes.txt",
           "/api/lead-photos/.jpg",
           "/api/lead-photos/co1.jpg.",
           "/api/lead-photos/%5C..%5Csecret.jpg",
       }) {
    CAPTURE(target);
    const auto r = p.get(target, token);
    CHECK((r.status == 404 || r.status == 400));
    CHECK(r.raw.body != kJpeg);
  }
}

TEST_CASE("lead photos: symlinks are not followed, even with a valid name") {
  Photos p;
  const auto token = p.f.admin_token();
  p.company("linked");
  p.company("dir");
  write_file(p.data.path / "outside.jpg", kJpeg);
  std::filesystem::create_directories(p.folder);
  std::filesystem::create_symlink(p.data.path / "outside.jpg", p.folder / "linked.jpg");
  std::filesystem::create_directories(p.folder / "dir.jpg");
  CHECK(p.get("/api/lead-photos/linked.jpg", token).status == 404);
  CHECK(p.get("/api/lead-photos/dir.jpg", token).status == 404);
}
