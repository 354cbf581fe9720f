// The chat feature's registrations: every HTTP route and WebSocket
// message type it adds, called once by the application at start-up
// (server/application/application.cpp) before the server accepts.
#pragma once

#include "features/common/feature.hpp"

namespace kreds::features {

void register_chat_messages(context& ctx, message_router& messages);
// Subscribes a new WebSocket to its networks' chat; presence on open and close.
void register_chat_connection_hooks(context& ctx, connection_hooks& hooks);
void register_visit_messages(context& ctx, message_router& messages);

}  // namespace kreds::features
