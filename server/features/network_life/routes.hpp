// The network life feature's registrations: every HTTP route and WebSocket
// message type it adds, called once by the application at start-up
// (server/application/application.cpp) before the server accepts.
#pragma once

#include "features/common/feature.hpp"

namespace kreds::features {

void register_buddy_messages(context& ctx, message_router& messages);
void register_goal_messages(context& ctx, message_router& messages);
void register_help_messages(context& ctx, message_router& messages);
void register_lead_messages(context& ctx, message_router& messages);
void register_meeting_messages(context& ctx, message_router& messages);
void register_meeting_routes(context& ctx, api_router& api);
void register_outcome_messages(context& ctx, message_router& messages);

}  // namespace kreds::features
