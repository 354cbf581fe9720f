#include <catch2/catch.hpp>

#include <fstream>

#include "net/static_files.hpp"
#include "support/temp_dir.hpp"

using namespace kreds;

namespace {

struct web_root {
  testing::temp_dir dir;
  std::filesystem::path root;
  web_root() {
    std::filesystem::create_directories(dir.path() / "web" / "app" / "css");
    std::filesystem::create_directories(dir.path() / "web" / "app" / "empty");
    std::filesystem::create_directories(dir.path() / "web" / "vendor" / "kit");
    std::filesystem::create_directories(dir.path() / "web" / "node_modules" / "left-pad");
    std::ofstream(dir.path() / "web" / "index.html") << "<!doctype html>";
    std::ofstream(dir.path() / "web" / "favicon.svg") << "<svg/>";
    std::ofstream(dir.path() / "web" / "app" / "css" / "site.css") << "body{}";
    std::ofstream(dir.path() / "web" / "app" / "app.js") << "export {}";
    std::ofstream(dir.path() / "web" / "vendor" / "kit" / "kit.css") << "a{}";
    std::ofstream(dir.path() / "web" / "package.json") << "{}";
    std::ofstream(dir.path() / "web" / "package-lock.json") << "{}";
    std::ofstream(dir.path() / "web" / "notes.txt") << "the team's notes, not the client's";
    std::ofstream(dir.path() / "web" / "node_modules" / "left-pad" / "index.js") << "module.exports = 1";
    std::ofstream(dir.path() / "web" / ".env") << "secret";
    std::ofstream(dir.path() / "secret.txt") << "outside";
    std::filesystem::create_symlink(dir.path() / "secret.txt", dir.path() / "web" / "app" / "link.txt");
    root = std::filesystem::canonical(dir.path() / "web");
  }
};

errc refusal(const web_root& web, std::string_view path) {
  auto file = net::resolve_static_file(web.root, path);
  REQUIRE_FALSE(file);
  return file.err().code();
}

}  // namespace

TEST_CASE("static files: paths inside the web root resolve with their content type", "[net][static]") {
  web_root web;
  auto index = net::resolve_static_file(web.root, "/");
  REQUIRE(index);
  CHECK(index->path.filename() == "index.html");
  CHECK(index->content_type == "text/html; charset=utf-8");
  CHECK(index->revalidate);
  auto css = net::resolve_static_file(web.root, "/app/css/site.css");
  REQUIRE(css);
  CHECK(css->content_type == "text/css; charset=utf-8");
  CHECK_FALSE(css->revalidate);
  CHECK(css->size == 6);
  CHECK(css->etag.front() == '"');
  auto js = net::resolve_static_file(web.root, "/app/app%2Ejs");
  REQUIRE(js);
  CHECK(js->content_type == "text/javascript; charset=utf-8");
}

TEST_CASE("static files: every way out of the web root is refused", "[net][static]") {
  web_root web;
  CHECK(refusal(web, "/../secret.txt") == errc::bad_request);
  CHECK(refusal(web, "/app/../../secret.txt") == errc::bad_request);
  CHECK(refusal(web, "/%2e%2e/secret.txt") == errc::bad_request);
  CHECK(refusal(web, "/%2E%2E%2Fsecret.txt") == errc::bad_request);
  CHECK(refusal(web, "/..%2fsecret.txt") == errc::bad_request);
  CHECK(refusal(web, "/..%5csecret.txt") == errc::bad_request);
  CHECK(refusal(web, "/%2fetc%2fpasswd") == errc::bad_request);
  CHECK(refusal(web, "/index.html%00.txt") == errc::bad_request);
  CHECK(refusal(web, "/bad%zzescape") == errc::bad_request);
  CHECK(refusal(web, "/trailing%2") == errc::bad_request);
  CHECK(refusal(web, "relative") == errc::bad_request);
  CHECK(refusal(web, "//etc/passwd") == errc::not_found);
  CHECK(refusal(web, "/etc/passwd") == errc::not_found);
  CHECK(refusal(web, "/app/link.txt") == errc::not_found);  // symlink pointing outside
}

TEST_CASE("static files: hidden files, directories without index and missing files are 404", "[net][static]") {
  web_root web;
  CHECK(refusal(web, "/.env") == errc::not_found);
  CHECK(refusal(web, "/app/empty/") == errc::not_found);
  CHECK(refusal(web, "/app/empty") == errc::not_found);
  CHECK(refusal(web, "/nothing.html") == errc::not_found);
}

TEST_CASE("static files: unknown extensions are served as octet-stream", "[net][static]") {
  CHECK(net::content_type_for("x.unknown") == "application/octet-stream");
  CHECK(net::content_type_for("font.woff2") == "font/woff2");
  CHECK(net::content_type_for("icon.svg") == "image/svg+xml");
}

TEST_CASE("static files: only the client's files are served, never the rest of the web root", "[net][static]") {
  web_root web;
  for (const auto* served : {"/", "/index.html", "/favicon.svg", "/app/app.js", "/vendor/kit/kit.css"}) {
    INFO(served);
    CHECK(net::resolve_static_file(web.root, served));
  }
  for (const auto* refused : {"/package.json", "/package-lock.json", "/notes.txt", "/node_modules/left-pad/index.js",
                              "/node_modules/", "/app/", "/vendor"}) {
    INFO(refused);
    CHECK(refusal(web, refused) == errc::not_found);
  }
}
