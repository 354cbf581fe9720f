// Network meetings (docs/protocol.md, "Meetings"): members schedule a
// meeting (time, place or online link, an agenda from a few templates),
// RSVP, download it as an iCalendar file, and whoever scheduled it (or the
// caseworker) records attendance afterwards. Messages over the WebSocket;
// the calendar file over HTTP (GET /api/v1/networks/{id}/meetings/{id}.ics).
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
