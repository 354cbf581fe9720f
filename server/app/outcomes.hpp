// Outcomes (docs/protocol.md, "Outcomes"): a member reports that they got
// a job, started education or left for another reason. The network is
// told and can congratulate; the member becomes an alumnus — staying as a
// mentor or leaving — and their seat opens for a new member. Hours, sector
// and note are for the caseworker and the statistics, not the network.
#pragma once

namespace kreds::app {

class application;
class message_router;

void register_outcome_messages(application& app, message_router& messages);

}  // namespace kreds::app
