// The networks feature's registrations: every HTTP route and WebSocket
// message type it adds, called once by the application at start-up
// (server/application/application.cpp) before the server accepts.
#pragma once

#include "features/common/feature.hpp"

namespace kreds::features {

class proposal_manager;

void register_network_routes(context& ctx, api_router& api,
                             proposal_manager& proposals);  // pool, proposals, networks, do-not-group
void register_membership_messages(context& ctx, message_router& messages);

}  // namespace kreds::features
