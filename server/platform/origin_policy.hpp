// Which browser origins may talk to the server: the one rule behind the
// WebSocket upgrade check (and, later, the cross-site check of state-
// changing API requests).
//
// With an explicit allow-list, the Origin must equal one entry (scheme, host
// and port compared case-insensitively). With an empty list, only the
// server's own origin is allowed: the Origin's host[:port] must equal the
// request's Host header. A request without an Origin (a non-browser client)
// is allowed: browsers always send one, and only browsers carry ambient
// credentials across sites. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kreds::platform {

bool origin_allowed(std::string_view origin, std::string_view host, const std::vector<std::string>& allowed);

}  // namespace kreds::platform
