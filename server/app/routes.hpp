// The API routes, registered by feature at start-up (application.cpp).
// Each function adds its feature's routes with the permission each needs;
// the handlers live in the matching *_routes.cpp file.
#pragma once

namespace kreds::app {

class application;
class api_router;

void register_account_routes(application& app, api_router& api);   // sessions, invitations, consent
void register_profile_routes(application& app, api_router& api);   // profiles, seekers, access log
void register_taxonomy_routes(application& app, api_router& api);  // occupation and skill search
void register_network_routes(application& app, api_router& api);   // pool, proposals, networks, do-not-group

}  // namespace kreds::app
