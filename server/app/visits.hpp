// Unread counts and "since your last visit" (docs/protocol.md): each
// member's read mark per network (the last chat message shown, only ever
// moving forward) and the time of their last digest, from which the next
// digest counts new messages, leads, meetings, outcomes, joins and leaves.
#pragma once

namespace kreds::app {

class application;
class message_router;

void register_visit_messages(application& app, message_router& messages);

}  // namespace kreds::app
