// The followup feature's registrations: every HTTP route and WebSocket
// message type it adds, called once by the application at start-up
// (server/application/application.cpp) before the server accepts.
#pragma once

#include "features/common/feature.hpp"

namespace kreds::features {

void register_alert_routes(context& ctx, api_router& api);
void register_case_outcome_routes(context& ctx, api_router& api);
void register_portfolio_routes(context& ctx, api_router& api);
void register_triage_routes(context& ctx, api_router& api);

}  // namespace kreds::features
