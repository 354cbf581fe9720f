// The pilot settings feature's registrations: every HTTP route it adds,
// called once by the application at start-up
// (server/application/application.cpp) before the server accepts.
#pragma once

#include "features/common/feature.hpp"

namespace kreds::features {

void register_pilot_settings_routes(context& ctx, api_router& api);

}  // namespace kreds::features
