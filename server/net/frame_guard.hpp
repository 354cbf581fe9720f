// A stream layer under Beast's WebSocket stream that watches the client's
// frame headers as they arrive (RFC 6455 §5.2) and keeps one rule Beast
// 1.81 does not: the most significant bit of a 64-bit payload length must be
// 0. Such a length is rewritten to 0 as it passes, which Beast refuses as a
// non-canonical length — failing the connection at once with 1002
// (protocol error), as the RFC asks, instead of 1009 after buffering.
// Everything else passes through untouched; writes are not looked at.
//
// The guard must see every byte of the connection from the first frame on:
// it is put under the WebSocket stream when the socket is handed over
// after the upgrade (websocket_session.cpp). frame_scanner is the state
// machine, kept apart so that it can be tested byte by byte.
#pragma once

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace kreds::net {

// Follows the frames of one direction of a WebSocket connection byte by
// byte: header, extended length, masking key, payload.
class frame_scanner {
 public:
  // Looks at (and may rewrite) the next `size` bytes of the stream.
  void scan(unsigned char* bytes, std::size_t size);
  // How many frames had their length rewritten so far.
  std::size_t rewritten() const { return rewritten_; }

 private:
  enum class part { first, second, length, mask, payload };
  part part_ = part::first;
  int length_bytes_ = 0;   // still to come
  bool poisoned_ = false;  // this frame's 64-bit length had its top bit set: zero the rest
  int mask_bytes_ = 0;
  std::uint64_t payload_ = 0;  // still to come
  std::size_t rewritten_ = 0;

  void begin_payload();
};

template <class Next>
class frame_guard {
 public:
  using next_layer_type = Next;
  using executor_type = typename Next::executor_type;

  explicit frame_guard(Next next) : next_(std::move(next)) {}

  Next& next_layer() noexcept { return next_; }
  const Next& next_layer() const noexcept { return next_; }
  executor_type get_executor() noexcept { return next_.get_executor(); }

  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const MutableBuffers& into) {
          auto executor = boost::asio::get_associated_executor(handler, next_.get_executor());
          next_.async_read_some(
              into, boost::asio::bind_executor(executor, [this, into, handler = std::move(handler)](
                                                             boost::beast::error_code ec, std::size_t bytes) mutable {
                std::size_t left = bytes;
                for (auto it = boost::asio::buffer_sequence_begin(into);
                     left > 0 && it != boost::asio::buffer_sequence_end(into); ++it) {
                  const boost::asio::mutable_buffer part = *it;
                  const auto size = std::min(left, part.size());
                  scanner_.scan(static_cast<unsigned char*>(part.data()), size);
                  left -= size;
                }
                std::move(handler)(ec, bytes);
              }));
        },
        token, buffers);
  }

  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    return next_.async_write_some(buffers, std::forward<Token>(token));
  }

  const frame_scanner& scanner() const { return scanner_; }

 private:
  Next next_;
  frame_scanner scanner_;
};

// Beast closes a WebSocket by tearing down the layer under it: the guard's is its next layer's.
template <class Next, class Handler>
void async_teardown(boost::beast::role_type role, frame_guard<Next>& stream, Handler&& handler) {
  using boost::beast::websocket::async_teardown;
  async_teardown(role, stream.next_layer(), std::forward<Handler>(handler));
}

template <class Next>
void teardown(boost::beast::role_type role, frame_guard<Next>& stream, boost::beast::error_code& ec) {
  using boost::beast::websocket::teardown;
  teardown(role, stream.next_layer(), ec);
}

}  // namespace kreds::net
