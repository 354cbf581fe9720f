// Network meetings (docs/protocol.md, "Meetings"): members schedule a
// meeting (time, place or online link, an agenda from a few templates),
// RSVP, download it as an iCalendar file, and whoever scheduled it (or the
// caseworker) records attendance afterwards. Messages over the WebSocket;
// the calendar file over HTTP (GET /api/v1/networks/{id}/meetings/{id}.ics).
#pragma once

namespace kreds::app {

class application;
class api_router;
class message_router;

void register_meeting_messages(application& app, message_router& messages);
void register_meeting_routes(application& app, api_router& api);

}  // namespace kreds::app
