// The load generator's side of the WebSockets: one Beast client connection
// per member, authenticated with the member's session cookie and the
// server's own Origin, all on one io_context run by the calling thread
// (every member function runs it until its work is done; nothing happens in
// between). Posts are chat.post envelopes whose client_id names the post
// ("b<number>"), so each chat.ack and chat.message is matched to the moment
// its post was handed to the socket. Beast stays out of this header. Not
// thread-safe: one thread uses an object.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "fixture.hpp"

namespace kreds::bench {

// One posting step at a fixed offered rate.
struct step_report {
  double offered_per_s = 0;
  double window_s = 0;  // how long posts were sent
  std::size_t sent = 0;
  std::size_t acked = 0;  // chat.ack received, window and drain
  std::size_t acked_in_window = 0;
  std::size_t failed = 0;     // an error reply instead of an ack
  std::size_t delivered = 0;  // chat.message at members other than the author
  std::size_t delivered_in_window = 0;
  std::size_t expected_deliveries = 0;  // per ack: the author's network's other open members
  std::vector<double> delivery_ms;      // post handed to the socket -> chat.message at another member
  std::vector<double> ack_ms;           // post handed to the socket -> chat.ack at the author
};

// The acknowledged messages, looked up through the server (chat.sync).
struct verification {
  std::size_t checked = 0;       // acknowledged messages checked
  std::size_t lost = 0;          // missing, at another seq than acknowledged, or stored more than once
  std::size_t order_errors = 0;  // synced seqs that did not run 1, 2, 3, ... without gaps
  bool complete = false;         // every network answered in time
};

class load_client {
 public:
  load_client(unsigned short port, std::vector<member> members);
  ~load_client();
  load_client(const load_client&) = delete;
  load_client& operator=(const load_client&) = delete;

  // Opens every member's WebSocket, `parallel` at a time, and waits for each
  // one's welcome. Returns how many are open.
  std::size_t connect_all(std::size_t parallel, std::chrono::seconds timeout);

  // Keeps reading until no frame has arrived for `quiet` (at most `limit`),
  // so the presence events of a burst of connections have drained.
  void settle(std::chrono::milliseconds quiet, std::chrono::seconds limit);

  // Posts at `per_second` for `window` from members in turn (open loop: the
  // schedule does not wait for replies), then waits up to `drain_limit` for
  // the outstanding acks and deliveries.
  step_report post_at_rate(double per_second, std::chrono::milliseconds window, std::chrono::seconds drain_limit);

  // For each network with acks since the last call, one member asks
  // chat.sync for everything after what was verified before; every
  // acknowledged message must be there once, at its acknowledged seq.
  verification verify_acknowledged(std::chrono::seconds timeout);

  std::size_t open_connections() const;
  // Connections the server closed while the benchmark ran.
  std::size_t closed_by_server() const;
  // chat.message frames whose seq was not the next one the member expected.
  std::size_t sequence_gaps() const;
  // The first error the server or a socket reported, for diagnosis.
  std::string first_error() const;

 private:
  class impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace kreds::bench
