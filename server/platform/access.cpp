#include "platform/access.hpp"

namespace kreds::platform {

std::string_view to_string(role r) noexcept {
  switch (r) {
    case role::seeker:
      return "seeker";
    case role::caseworker:
      return "caseworker";
    case role::admin:
      return "admin";
  }
  return "seeker";
}

std::optional<role> parse_role(std::string_view text) noexcept {
  if (text == "seeker") return role::seeker;
  if (text == "caseworker") return role::caseworker;
  if (text == "admin") return role::admin;
  return std::nullopt;
}

bool allows(role r, permission p) noexcept {
  switch (p) {
    case permission::use_session:
      return true;
    case permission::edit_own_profile:
      return r == role::seeker;
    case permission::invite_seeker:
    case permission::read_seeker_data:
    case permission::form_networks:
    case permission::follow_up_seekers:
    case permission::record_staff_time:
      return r == role::caseworker;
    case permission::invite_caseworker:
    case permission::manage_accounts:
    case permission::run_pilot:
      return r == role::admin;
    case permission::unlock_accounts:
      return r == role::caseworker || r == role::admin;
  }
  return false;
}

}  // namespace kreds::platform
