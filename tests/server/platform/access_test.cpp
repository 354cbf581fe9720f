#include <catch2/catch.hpp>

#include "platform/access.hpp"

using namespace kreds;
using namespace kreds::platform;

TEST_CASE("permissions: each role may do exactly what the table says", "[access]") {
  struct row {
    permission p;
    bool seeker, caseworker, admin;
  };
  const row table[] = {
      {permission::use_session, true, true, true},         {permission::edit_own_profile, true, false, false},
      {permission::invite_seeker, false, true, false},     {permission::read_seeker_data, false, true, false},
      {permission::invite_caseworker, false, false, true}, {permission::manage_accounts, false, false, true},
      {permission::run_pilot, false, false, true},         {permission::form_networks, false, true, false},
      {permission::follow_up_seekers, false, true, false}, {permission::record_staff_time, false, true, false},
  };
  for (const auto& r : table) {
    INFO(static_cast<int>(r.p));
    CHECK(allows(role::seeker, r.p) == r.seeker);
    CHECK(allows(role::caseworker, r.p) == r.caseworker);
    CHECK(allows(role::admin, r.p) == r.admin);
  }
}

TEST_CASE("permissions: roles round-trip through their names and nothing else parses", "[access]") {
  for (auto r : {role::seeker, role::caseworker, role::admin}) CHECK(parse_role(to_string(r)) == r);
  CHECK_FALSE(parse_role("Admin"));
  CHECK_FALSE(parse_role("root"));
  CHECK_FALSE(parse_role(""));
}
