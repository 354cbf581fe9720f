// The profiles feature's registrations: every HTTP route and WebSocket
// message type it adds, called once by the application at start-up
// (server/application/application.cpp) before the server accepts.
#pragma once

#include "features/common/feature.hpp"

namespace kreds::features {

void register_profile_routes(context& ctx, api_router& api);   // profiles, seekers, access log
void register_taxonomy_routes(context& ctx, api_router& api);  // occupation and skill search

}  // namespace kreds::features
