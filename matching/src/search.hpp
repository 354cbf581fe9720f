// Internal: solving one municipality (a "block"). Networks never cross
// municipalities, so each block is independent; the engine runs blocks on
// worker threads, each block on one thread with its own seeded random stream,
// which keeps results identical for any thread count.
#pragma once

#include <cstdint>
#include <vector>

#include "instance.hpp"

namespace kreds::matching::detail {

// A tiny, fully specified generator (splitmix64): the standard library's
// distributions differ between implementations, which would break "same seed,
// same result" across platforms.
class random_stream {
 public:
  explicit random_stream(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), bound > 0.
  std::uint32_t below(std::uint32_t bound) noexcept {
    return static_cast<std::uint32_t>(((next() >> 32) * bound) >> 32);
  }
  double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  template <class T>
  void shuffle(std::vector<T>& v) noexcept {
    for (std::size_t i = v.size(); i > 1; --i) {
      std::swap(v[i - 1], v[below(static_cast<std::uint32_t>(i))]);
    }
  }

 private:
  std::uint64_t state_;
};

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t salt) noexcept;

struct block_anchor {
  std::size_t source = 0;              // index into the run's anchored networks (unless internal)
  bool internal = false;               // a network formed earlier in this run, not a given one
  std::vector<std::uint32_t> members;  // person indices
  bool locked = false;
};

struct block_input {
  std::vector<std::uint32_t> free;  // person indices that may be placed or moved
  std::vector<block_anchor> anchors;
  // A whole small municipality: worth iterated local search (ruin and
  // recreate) on top of plain local search.
  bool polish = false;
};

struct block_group {
  std::vector<std::uint32_t> members;  // person indices, anchored ones first
  std::int64_t anchor = -1;            // index into block_input::anchors, or -1 for new
  double value = 0;                    // as tracked by the search
};

struct block_output {
  std::vector<block_group> groups;
  std::vector<std::uint32_t> unplaced;
};

enum class method : std::uint8_t { random, greedy, search };

block_output solve_block(const instance& inst, const block_input& input, method how, std::uint64_t seed);

}  // namespace kreds::matching::detail
