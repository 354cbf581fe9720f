// Internal: exact optimisation of one small block. Enumerates every network
// that satisfies the hard constraints (depth-first, pruning as soon as a
// monotone constraint fails), bounds with the dual of the set-packing LP
// relaxation, and branches on the lowest undecided seeker. Single-threaded;
// one call per block.
#pragma once

#include <cstdint>

#include "search.hpp"

namespace kreds::matching::detail {

struct exact_outcome {
  block_output best;
  bool optimal = false;
  double slack = 0;  // how far above best's value the optimum may lie
  std::uint64_t networks_enumerated = 0;
  std::uint64_t nodes = 0;
};

// `incumbent` is a feasible solution of the same block (from the heuristic);
// it is returned unless something strictly better is found.
exact_outcome solve_block_exact(const instance& inst, const block_input& input, const block_output& incumbent,
                                std::uint64_t node_limit);

}  // namespace kreds::matching::detail
