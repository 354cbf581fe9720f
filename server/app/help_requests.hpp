// Asking for help (docs/protocol.md, "Asking for help"): a member's private
// request to the network's caseworker, and the caseworker's answer. Other
// members never see requests; the caseworker is told at once.
#pragma once

namespace kreds::app {

class application;
class message_router;

void register_help_messages(application& app, message_router& messages);

}  // namespace kreds::app
