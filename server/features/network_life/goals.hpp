// Weekly goals and check-ins in a network, over the WebSocket
// (docs/protocol.md, "Weekly goals and check-ins"). Members set up to five
// goals for a week and check in at its end with what they did. The network
// sees the counts — self-recorded activity, never a control; the goals and
// the check-in note are for the member and their buddies.
#pragma once
#include "features/common/feature.hpp"

namespace kreds::features {}  // namespace kreds::features
