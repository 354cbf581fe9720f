#include "net/static_files.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <vector>

namespace kreds::net {
namespace {

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      out += encoded[i];
      continue;
    }
    if (i + 2 >= encoded.size()) return std::nullopt;
    const int high = hex_value(encoded[i + 1]);
    const int low = hex_value(encoded[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

bool within(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}

kreds::error bad(std::string message) { return {errc::bad_request, std::move(message)}; }
kreds::error missing() { return {errc::not_found, "no such file"}; }

}  // namespace

std::string_view content_type_for(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19> types{{
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  }};
  const auto extension = file.extension().string();
  for (const auto& [ext, type] : types) {
    if (ext == extension) return type;
  }
  return "application/octet-stream";
}

// The web client's own files, and nothing else of the web root (its package.json, lock file, node_modules, tests):
// the pages (*.html) and favicon.svg at the top, and what lies under app/ and vendor/.
bool client_file(const std::filesystem::path& relative) {
  const auto first = relative.begin();
  if (first == relative.end()) return false;
  if (std::next(first) == relative.end()) return relative.extension() == ".html" || relative == "favicon.svg";
  return *first == "app" || *first == "vendor";
}

result<static_file> resolve_static_file(const std::filesystem::path& root, std::string_view encoded_path) {
  namespace fs = std::filesystem;
  if (encoded_path.empty() || encoded_path.front() != '/') return bad("the path must start with '/'");

  fs::path relative;
  std::size_t start = 1;
  bool directory = encoded_path.back() == '/';
  while (start <= encoded_path.size()) {
    const auto slash = encoded_path.find('/', start);
    const auto end = slash == std::string_view::npos ? encoded_path.size() : slash;
    const auto raw = encoded_path.substr(start, end - start);
    start = end + 1;
    if (raw.empty()) {
      if (slash == std::string_view::npos) break;
      continue;
    }
    auto segment = percent_decode(raw);
    if (!segment) return bad("invalid percent-encoding in the path");
    if (*segment == "." || *segment == "..") return bad("'.' and '..' are not allowed in paths");
    for (unsigned char ch : *segment) {
      if (ch == '/' || ch == '\\') return bad("encoded slashes are not allowed in paths");
      if (ch < 0x20 || ch == 0x7f) return bad("control characters are not allowed in paths");
    }
    if (segment->front() == '.') return missing();  // hidden files are never served
    relative /= *segment;
  }
  if (relative.empty() || directory) relative /= "index.html";
  if (!client_file(relative)) return missing();

  std::error_code ec;
  auto candidate = fs::weakly_canonical(root / relative, ec);
  if (ec || !within(root, candidate)) return missing();
  auto status = fs::status(candidate, ec);
  if (ec) return missing();
  if (fs::is_directory(status)) {
    candidate /= "index.html";
    status = fs::status(candidate, ec);
    if (ec) return missing();
  }
  if (!fs::is_regular_file(status)) return missing();

  static_file file;
  file.size = fs::file_size(candidate, ec);
  if (ec) return missing();
  const auto modified = fs::last_write_time(candidate, ec);
  const auto stamp = ec ? 0 : modified.time_since_epoch().count();
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%jx-%llx\"", file.size, static_cast<unsigned long long>(stamp));
  file.etag = etag;
  file.content_type = std::string(content_type_for(candidate));
  file.revalidate = candidate.extension() == ".html";
  file.path = std::move(candidate);
  return file;
}

}  // namespace kreds::net
