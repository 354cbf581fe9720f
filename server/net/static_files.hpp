// Mapping a request path to a file under the web root, safely.
//
// resolve_static_file() percent-decodes the path segment by segment and
// refuses anything that could leave the root: "." and ".." segments, encoded
// slashes or backslashes, NUL and other control bytes, invalid escapes
// (errc::bad_request, answered 400); hidden files, directories without an
// index.html, files outside the canonical root after resolving symlinks and
// missing files, and any file that is not the client's own — only the pages
// (*.html) and favicon.svg at the top of the root and what lies under app/
// and vendor/ are served, never package.json or node_modules
// (errc::not_found, answered 404). No Beast types; pure apart
// from reading file metadata. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kreds::net {

struct static_file {
  std::filesystem::path path;
  std::string content_type;
  std::uintmax_t size = 0;
  std::string etag;        // quoted, from size and modification time
  bool revalidate = true;  // HTML: always revalidate; assets: cache for max-age
};

// root must be canonical (std::filesystem::canonical).
result<static_file> resolve_static_file(const std::filesystem::path& root, std::string_view encoded_path);

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace kreds::net
