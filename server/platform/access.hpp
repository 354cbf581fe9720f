// Who is calling, and what each role may do: the one permission table.
//
// Every API route and every WebSocket message type names the permission it
// needs; the routers check it against this table before any handler runs,
// and hand the handler the authenticated `caller`, whose municipality is the
// only one the handler may touch (tenancy). A denied call gets 403 and
// changes nothing. Pure values and functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/credentials.hpp"

namespace kreds::platform {

enum class role { seeker, caseworker, admin };

std::string_view to_string(role r) noexcept;
std::optional<role> parse_role(std::string_view text) noexcept;

enum class permission {
  use_session,        // any logged-in account: /me, logout, taxonomy search, WebSocket
  edit_own_profile,   // seekers: their own profile, consent, access log
  invite_seeker,      // caseworkers
  read_seeker_data,   // caseworkers: seekers of their municipality (audited)
  form_networks,      // caseworkers: the waiting pool, matching proposals, networks, do-not-group
  follow_up_seekers,  // caseworkers: triage, drift alerts, the portfolio
  record_staff_time,  // caseworkers: their time entries and the time report
  invite_caseworker,  // admins
  manage_accounts,    // admins: deactivate accounts of their municipality
  run_pilot,          // admins: the dashboard (aggregates only) and the pilot settings
  unlock_accounts,    // staff: unblock an account after failed logins (caseworkers: seekers only)
};

bool allows(role r, permission p) noexcept;

struct caller {
  std::int64_t account_id = 0;
  std::int64_t municipality_id = 0;
  platform::role role = role::seeker;
  std::string display_name;
  token_hash session{};
};

}  // namespace kreds::platform
