// What features do when a WebSocket opens or closes, so that the network
// edge (server/net/) knows nothing of them: the chat feature subscribes a new
// connection to its networks' topics and tells the members it is online.
//
// Hooks are added at start-up, before the server accepts, and only read
// after that, so calling them needs no lock. opened() runs every on-open
// hook in the order added, after the connection is in the connection
// directory and subscribed to its account's topic; closed() runs every
// on-close hook after it left the directory (not while the server stops).
// A hook reports its own failures (logs them); it cannot refuse the socket.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <vector>

#include "platform/access.hpp"
#include "platform/hub.hpp"

namespace kreds::platform {

class connection_hooks {
 public:
  // Coroutines: their arguments are taken by value, so that nothing they
  // hold can dangle while they are suspended.
  using hook = std::function<boost::asio::awaitable<void>(caller who, std::shared_ptr<subscriber> events)>;

  void on_open(hook run) { opened_.push_back(std::move(run)); }
  void on_close(hook run) { closed_.push_back(std::move(run)); }

  boost::asio::awaitable<void> opened(caller who, std::shared_ptr<subscriber> events) const;
  boost::asio::awaitable<void> closed(caller who, std::shared_ptr<subscriber> events) const;

 private:
  std::vector<hook> opened_;
  std::vector<hook> closed_;
};

}  // namespace kreds::platform
