// The WebSocket protocol's envelope and the router of incoming messages.
//
// Every frame in either direction is one JSON object (docs/protocol.md):
//   {"type": "ping", "id": "c-17", "payload": {...}}
// `type` names the message; `id` is chosen by the client and echoed in the
// reply so it can match replies to requests; `payload` is an object. A
// message that cannot be parsed, has an unknown type or needs a permission
// the sender's role lacks gets an "error" reply and the connection stays
// open. Handlers are added at start-up; the
// router may then be used by every session at once.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "platform/access.hpp"
#include "platform/audit.hpp"
#include "platform/hub.hpp"
#include "platform/rate_limits.hpp"

namespace kreds::platform {

struct envelope {
  std::string type;
  std::string id;
  boost::json::value payload;  // always an object
};

// Parses one text frame without throwing; the error names what is wrong.
result<envelope> parse_envelope(std::string_view text);

std::string serialize_message(std::string_view type, std::string_view id, const boost::json::value& payload);
std::string serialize_error(std::string_view id, const kreds::error& failure);

// What a message handler can do with the connection it serves. Implemented
// by the WebSocket session; send() may be called from any thread.
class connection {
 public:
  virtual ~connection() = default;
  virtual void send(shared_payload message) = 0;
  virtual const std::string& connection_id() const = 0;
  // The authenticated account this connection belongs to.
  virtual const caller& who() const = 0;
};

struct reply {
  std::string type;
  boost::json::value payload;
};

using message_handler = std::function<boost::asio::awaitable<result<reply>>(connection&, const envelope&)>;

// What a message does, declared where it is registered: `changes` — it
// writes something (a post, a mark, an answer, presence) — counts toward the
// per-account limit on changes (limits.ws_changes_per_minute) besides the one
// on every message; `reads` only toward the latter. docs/protocol.md lists
// the changing types and a test holds the two together.
enum class effect { reads, changes };

class message_router {
 public:
  // Every message type names the permission it needs (platform/access.hpp)
  // and what its reply reveals about other people (platform/audit.hpp).
  // Every message type says too what it does (effect).
  void add(std::string type, permission needed, effect does, data_use use, message_handler handler);
  // The same for a handler that also takes a context (the platform context):
  //   messages.add("lead.list", permission::use_session, effect::reads, shows_people(...), ctx, board);
  template <class Context>
  void add(std::string type, permission needed, effect does, data_use use, Context& context,
           boost::asio::awaitable<result<reply>> (*handler)(Context&, connection&, const envelope&)) {
    add(std::move(type), needed, does, use,
        [&context, handler](connection& from, const envelope& message) { return handler(context, from, message); });
  }
  // Where the rows for shows_people messages go (set once, before use).
  void set_auditor(auditor audit) { audit_ = std::move(audit); }
  // The per-account limit on messages of every type (set once, before use;
  // none: unlimited). A message over it gets rate_limited and runs nothing.
  void set_rate_limit(per_minute_limit* limit) { limit_ = limit; }
  // The per-account limit on messages that change something (set once, before use; none: unlimited).
  void set_change_limit(per_minute_limit* limit) { change_limit_ = limit; }
  // The largest reply, serialized, sent to one message (set once, before use;
  // 0: unlimited). A larger one is never sent — it would overflow the
  // socket's send queue and drop the connection — and the message gets
  // payload_too_large instead; nothing is audited for it.
  void set_reply_limit(std::size_t bytes) { reply_limit_ = bytes; }

  // Parses `text`, runs its handler and sends the reply (or the error) to
  // `from`. Never throws for bad input.
  boost::asio::awaitable<void> dispatch(connection& from, std::string_view text) const;
  // Answers `text` with `failure` (and the message's id, if it has one)
  // without running any handler: for a message the connection may not send
  // now, such as when its session cannot be checked.
  void refuse(connection& from, std::string_view text, const kreds::error& failure) const;

  // Every registered type (for tests that try them all).
  std::vector<std::string> types() const;
  // Every type with its declaration (the census test).
  std::vector<declared_use> census() const;
  // Every type that changes something, sorted (the protocol's list of them).
  std::vector<std::string> changing_types() const;

 private:
  struct entry {
    permission needed;
    effect does;
    data_use use;
    message_handler handler;
  };
  std::unordered_map<std::string, entry> handlers_;
  auditor audit_;
  per_minute_limit* limit_ = nullptr;
  per_minute_limit* change_limit_ = nullptr;
  std::size_t reply_limit_ = 0;
};

}  // namespace kreds::platform
