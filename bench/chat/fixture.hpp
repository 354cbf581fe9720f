// The benchmark's fixture: a fresh database with `members` demo seekers
// grouped into networks of 8, each seeker logged in. Seekers come from
// `kreds demo`; networks and session rows are written straight into the
// database (logging 10,000 accounts in through the API would spend minutes
// in Argon2id). Session tokens are hashed with the server's own
// hash_token(), so the cookies work against the real server. Preparation
// only: nothing here is measured.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kreds::bench {

inline constexpr std::size_t network_size = 8;

struct member {
  std::int64_t account_id = 0;
  std::int64_t network_id = 0;
  std::string cookie;  // the Cookie header value: "kreds_session=..."
};

struct fixture_options {
  std::string kreds_binary;
  std::string taxonomy_path;
  std::string database;         // created; must not exist yet
  std::string log_file;         // `kreds demo` output
  std::size_t members = 10000;  // a multiple of network_size
};

// The members, network by network (each network's 8 are adjacent). Nothing
// when the fixture could not be made; the reason is on stderr.
std::optional<std::vector<member>> prepare_fixture(const fixture_options& options);

}  // namespace kreds::bench
