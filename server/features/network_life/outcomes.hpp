// Outcomes (docs/protocol.md, "Outcomes"): a member reports that they got
// a job, started education or left for another reason. The network is
// told and can congratulate; the member becomes an alumnus — staying as a
// mentor or leaving — and their seat opens for a new member. Hours, sector
// and note are for the caseworker and the statistics, not the network.
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
