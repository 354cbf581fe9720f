// The accounts feature's registrations: every HTTP route and WebSocket
// message type it adds, called once by the application at start-up
// (server/application/application.cpp) before the server accepts.
#pragma once

#include "features/common/feature.hpp"

namespace kreds::features {

void register_account_routes(context& ctx, api_router& api);   // sessions, invitations, consent
void register_password_routes(context& ctx, api_router& api);  // password change, log out everywhere

}  // namespace kreds::features
