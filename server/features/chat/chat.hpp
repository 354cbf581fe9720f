// Chat in a network over the WebSocket (docs/protocol.md, "Chat").
//
// chat.post stores a message durably and only then acknowledges it with its
// sequence number in the network; the writer publishes it to the network's
// topic right after the commit, so every online member receives messages in
// sequence order. A retry with the same client_id stores nothing new and
// gets the same sequence number. chat.sync catches a reconnecting client up
// from the last sequence number it has, per network; chat.history pages
// backwards. Only members (and the network's caseworker) may read or post.
// Presence (online / away / offline) is shared with the members of one's
// networks only: presence.query, presence.set and "presence" events.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "core/result.hpp"
#include "features/common/feature.hpp"
#include "platform/access.hpp"

namespace kreds::features {

// Tells the account's networks its presence (online, away or offline), as
// the connection directory sees it now. Called when a socket opens or closes.
boost::asio::awaitable<result<void>> announce_presence(context& ctx, const caller& who);

}  // namespace kreds::features
