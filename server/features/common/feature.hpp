// What every feature is written against. A feature sees the platform
// (server/platform/) and nothing of the application that composes it: its
// registration takes the narrow platform::context, and the platform's names
// (caller, permission, json_reply, read_db, ...) are visible unqualified in
// kreds::features. Every feature header includes this one.
#pragma once

namespace kreds::platform {
class context;
class api_router;
class message_router;
class connection_hooks;
}  // namespace kreds::platform

namespace kreds::features {
using namespace kreds::platform;
}  // namespace kreds::features
