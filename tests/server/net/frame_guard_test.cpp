// The frame scanner under the WebSocket stream (net/frame_guard.hpp): it
// follows frames of every length form, masked or not, however the bytes are
// split, and rewrites only a 64-bit length whose top bit is set.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "net/frame_guard.hpp"

using kreds::net::frame_scanner;

namespace {

using bytes = std::vector<unsigned char>;

// A masked text frame with `payload` bytes and the length written in the given form (7, 16 or 64 bits).
bytes frame(std::uint64_t payload, int length_bits) {
  bytes out{0x81};
  if (length_bits == 7) {
    out.push_back(static_cast<unsigned char>(0x80 | payload));
  } else if (length_bits == 16) {
    out.push_back(0x80 | 126);
    out.push_back(static_cast<unsigned char>(payload >> 8));
    out.push_back(static_cast<unsigned char>(payload));
  } else {
    out.push_back(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(payload >> shift));
  }
  for (int i = 0; i < 4; ++i) out.push_back(0x11);  // masking key
  // Payload bytes that would read as "64-bit length, top bit set" to a scanner that lost its place.
  for (std::uint64_t i = 0; i < payload; ++i) out.push_back(i % 2 ? 0xFF : 0x7F);
  return out;
}

// Feeds `stream` to a scanner in pieces of `piece` bytes; returns what passed on.
bytes feed(frame_scanner& scanner, bytes stream, std::size_t piece) {
  for (std::size_t at = 0; at < stream.size(); at += piece) {
    scanner.scan(stream.data() + at, std::min(piece, stream.size() - at));
  }
  return stream;
}

}  // namespace

TEST_CASE("frame guard: valid frames of every length form pass untouched, however the bytes are split",
          "[net][websocket]") {
  bytes stream;
  for (const auto& [length, bits] : {std::pair{0ULL, 7}, std::pair{5ULL, 7}, std::pair{125ULL, 7},
                                     std::pair{126ULL, 16}, std::pair{3000ULL, 16}, std::pair{70000ULL, 64}}) {
    const auto one = frame(length, bits);
    stream.insert(stream.end(), one.begin(), one.end());
  }
  // A poisoned frame at the end: found only by a scanner that followed every frame before it.
  auto bad = frame(0, 64);
  bad[2] = 0x80;
  const auto bad_at = stream.size();
  stream.insert(stream.end(), bad.begin(), bad.end());
  for (const std::size_t piece : {1, 2, 3, 7, 64, 4096, 1 << 20}) {
    frame_scanner scanner;
    INFO(piece << " bytes at a time");
    const auto passed = feed(scanner, stream, piece);
    CHECK(bytes(passed.begin(), passed.begin() + static_cast<long>(bad_at)) ==
          bytes(stream.begin(), stream.begin() + static_cast<long>(bad_at)));
    CHECK(scanner.rewritten() == 1);
    CHECK(passed[bad_at + 2] == 0);
  }
}

TEST_CASE("frame guard: a 64-bit length with its top bit set is rewritten to 0, and only that", "[net][websocket]") {
  auto bad = frame(0, 64);
  bad[2] = 0x80;  // the most significant byte of the length: 2^63
  auto good = frame(4, 7);
  bytes stream = good;
  stream.insert(stream.end(), bad.begin(), bad.end());
  for (const std::size_t piece : {1, 3, 64}) {
    frame_scanner scanner;
    const auto passed = feed(scanner, stream, piece);
    CHECK(scanner.rewritten() == 1);
    CHECK(bytes(passed.begin(), passed.begin() + static_cast<long>(good.size())) == good);
    for (std::size_t i = 0; i < 8; ++i) CHECK(passed[good.size() + 2 + i] == 0);
  }
}
