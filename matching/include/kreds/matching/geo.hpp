// Place for the matching engine. The engine measures distance between
// seekers' coordinates (WGS84) with a local flat-earth projection, which is
// within a fraction of a percent over Danish distances and needs no
// trigonometry in the inner loop. When the server has no coordinates for a
// seeker it may pass none, and the engine falls back to approximate_position():
// a coarse table of one anchor town per postcode range (about 10-30 km
// accurate), good enough for a travel limit of tens of kilometres and nothing
// more. Pure functions; callable from any thread.
#pragma once

#include <cstdint>

#include "kreds/matching/model.hpp"

namespace kreds::matching {

// The anchor town of the postcode's range; Copenhagen for out-of-range codes.
position approximate_position(std::uint16_t postcode) noexcept;

// True when the postcode lies in Denmark's range (1000-9999, excluding the
// Faroese and Greenlandic 3900-3999 and 100-999 ranges).
bool is_danish_postcode(std::uint16_t postcode) noexcept;

// Kilometres east/north of a fixed origin in Denmark (56 N, 10.5 E).
struct plane_point {
  double east_km = 0;
  double north_km = 0;
};

plane_point project(const position& p) noexcept;
double distance_km(const plane_point& a, const plane_point& b) noexcept;

}  // namespace kreds::matching
