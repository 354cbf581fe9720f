// Who a request comes from. Behind the TLS-terminating proxy the config
// recommends, every connection comes from the proxy's address; the client's
// own is in the X-Forwarded-For header the proxy appends. That header is
// believed only from a configured trusted proxy (server.trusted_proxies:
// addresses or CIDR networks), and read from the right: the first address
// that is not itself a trusted proxy is the client. From anyone else the
// header is ignored, so a client cannot choose its own address (and with it
// the login throttle's key). Pure functions; thread-safe after construction.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace kreds::platform {

class trusted_proxies {
 public:
  trusted_proxies() = default;
  // Each entry "10.0.0.5", "10.0.0.0/8", "::1" or "fd00::/8".
  static result<trusted_proxies> parse(const std::vector<std::string>& entries);
  // "" when the entry is valid, else what is wrong with it (for the config).
  static std::string check_entry(const std::string& entry);

  bool contains(const boost::asio::ip::address& address) const;
  bool empty() const noexcept { return networks_.empty(); }

  // The client's address for a connection from `peer` with this
  // X-Forwarded-For value (empty when absent): the peer itself unless it is
  // a trusted proxy. A malformed entry stops the walk at the last good one.
  std::string client_address(const boost::asio::ip::address& peer, std::string_view forwarded_for) const;

 private:
  std::vector<std::variant<boost::asio::ip::network_v4, boost::asio::ip::network_v6>> networks_;
};

}  // namespace kreds::platform
