// The job-lead ledger of a network, over the WebSocket (docs/protocol.md,
// "Job leads"): members share leads (title, employer, link, deadline, note),
// mark what they did with each (interested, applied, interview, got the
// job), and see the board with who shared what — credit for sharing. Only
// members and the network's caseworker; changes reach members live.
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
