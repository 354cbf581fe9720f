// Weekly goals and check-ins in a network, over the WebSocket
// (docs/protocol.md, "Weekly goals and check-ins"). Members set up to five
// goals for a week and check in at its end with what they did. The network
// sees the counts — self-recorded activity, never a control; the goals and
// the check-in note are for the member and their buddies.
#pragma once

namespace kreds::app {

class application;
class message_router;

void register_goal_messages(application& app, message_router& messages);

}  // namespace kreds::app
