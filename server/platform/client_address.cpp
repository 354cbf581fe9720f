#include "platform/client_address.hpp"

#include <boost/asio/ip/address.hpp>

#include <optional>

namespace kreds::platform {

namespace ip = boost::asio::ip;

namespace {

// An IPv4 address carried as ::ffff:a.b.c.d counts as the IPv4 address.
ip::address plain(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::optional<std::variant<ip::network_v4, ip::network_v6>> parse_network(const std::string& entry) {
  boost::system::error_code ec;
  if (entry.find('/') == std::string::npos) {
    const auto address = plain(ip::make_address(entry, ec));
    if (ec) return std::nullopt;
    if (address.is_v4()) return ip::network_v4(address.to_v4(), 32);
    return ip::network_v6(address.to_v6(), 128);
  }
  if (entry.find(':') == std::string::npos) {
    const auto network = ip::make_network_v4(entry, ec);
    if (ec) return std::nullopt;
    return network.canonical();
  }
  const auto network = ip::make_network_v6(entry, ec);
  if (ec) return std::nullopt;
  return network.canonical();
}

// Whether the one-address network `host` lies in `network` (is_subnet_of is
// strict, so the network that is exactly the host counts too).
template <class Network>
bool holds(const Network& network, const Network& host) {
  return host == network || host.is_subnet_of(network);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string trusted_proxies::check_entry(const std::string& entry) {
  return parse_network(entry) ? "" : "must hold IP addresses or networks like \"10.0.0.0/8\" or \"fd00::/8\"";
}

result<trusted_proxies> trusted_proxies::parse(const std::vector<std::string>& entries) {
  trusted_proxies out;
  for (const auto& entry : entries) {
    auto network = parse_network(entry);
    if (!network) {
      return kreds::error{errc::invalid_field, "server.trusted_proxies: '" + entry + "' " + check_entry(entry),
                          "server.trusted_proxies"};
    }
    out.networks_.push_back(*network);
  }
  return out;
}

bool trusted_proxies::contains(const ip::address& address) const {
  const auto a = plain(address);
  for (const auto& network : networks_) {
    if (const auto* v4 = std::get_if<ip::network_v4>(&network)) {
      if (a.is_v4() && holds(*v4, ip::network_v4(a.to_v4(), 32))) return true;
    } else if (const auto* v6 = std::get_if<ip::network_v6>(&network)) {
      if (a.is_v6() && holds(*v6, ip::network_v6(a.to_v6(), 128))) return true;
    }
  }
  return false;
}

std::string trusted_proxies::client_address(const ip::address& peer, std::string_view forwarded_for) const {
  auto client = plain(peer);
  if (!contains(client)) return client.to_string();
  // Right to left: each hop was appended by the one after it.
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto hop = trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for = comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    boost::system::error_code ec;
    const auto address = ip::make_address(std::string(hop), ec);
    if (ec) break;  // not an address: believe nothing further left
    client = plain(address);
    if (!contains(client)) break;
  }
  return client.to_string();
}

}  // namespace kreds::platform
