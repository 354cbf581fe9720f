// Anchor towns per postcode range. Danish postcodes run roughly from east to
// west and north (1xxx-2xxx Copenhagen, 3xxx North Zealand and Bornholm,
// 4xxx Zealand, Lolland-Falster, 5xxx Funen, 6xxx South Jutland, 7xxx
// Mid/West Jutland, 8xxx East Jutland, 9xxx North Jutland), so the nearest
// anchor at or below a code is a fair guess of where it lies.
#include "kreds/matching/geo.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace kreds::matching {
namespace {

struct anchor {
  std::uint16_t from;
  double latitude;
  double longitude;
};

constexpr std::array<anchor, 64> anchors{{
    {1000, 55.680, 12.570},  // København K
    {2000, 55.680, 12.530},  // Frederiksberg
    {2100, 55.710, 12.580},  // København Ø
    {2200, 55.695, 12.550},  // København N
    {2300, 55.660, 12.600},  // København S
    {2400, 55.705, 12.525},  // København NV
    {2500, 55.665, 12.510},  // Valby
    {2600, 55.670, 12.400},  // Glostrup
    {2630, 55.650, 12.280},  // Taastrup
    {2700, 55.710, 12.480},  // Brønshøj
    {2750, 55.730, 12.360},  // Ballerup
    {2800, 55.770, 12.500},  // Kongens Lyngby
    {2900, 55.735, 12.570},  // Hellerup
    {2950, 55.860, 12.500},  // Vedbæk
    {3000, 56.030, 12.610},  // Helsingør
    {3200, 56.050, 12.320},  // Helsinge
    {3400, 55.930, 12.310},  // Hillerød
    {3500, 55.790, 12.380},  // Værløse
    {3600, 55.840, 12.070},  // Frederikssund
    {3700, 55.100, 14.700},  // Rønne (Bornholm)
    {3900, 55.680, 12.570},  // not Danish; Copenhagen as a neutral default
    {4000, 55.640, 12.080},  // Roskilde
    {4100, 55.450, 11.790},  // Ringsted
    {4200, 55.400, 11.350},  // Slagelse
    {4300, 55.720, 11.710},  // Holbæk
    {4400, 55.680, 11.100},  // Kalundborg
    {4500, 55.930, 11.630},  // Nykøbing Sj.
    {4600, 55.460, 12.180},  // Køge
    {4700, 55.230, 11.760},  // Næstved
    {4760, 55.010, 12.000},  // Vordingborg
    {4800, 54.770, 11.870},  // Nykøbing F.
    {4900, 54.830, 11.140},  // Nakskov
    {5000, 55.400, 10.390},  // Odense
    {5300, 55.460, 10.650},  // Kerteminde
    {5400, 55.560, 10.110},  // Bogense
    {5500, 55.500, 9.730},   // Middelfart
    {5600, 55.130, 10.240},  // Faaborg
    {5700, 55.060, 10.610},  // Svendborg
    {5800, 55.280, 10.790},  // Nyborg
    {5900, 54.940, 10.710},  // Rudkøbing
    {6000, 55.490, 9.470},   // Kolding
    {6100, 55.250, 9.490},   // Haderslev
    {6200, 55.040, 9.420},   // Aabenraa
    {6300, 54.950, 9.400},   // Gråsten
    {6400, 54.910, 9.790},   // Sønderborg
    {6500, 55.260, 9.050},   // Vojens / Toftlund
    {6700, 55.480, 8.450},   // Esbjerg
    {6800, 55.620, 8.480},   // Varde
    {6900, 55.930, 8.480},   // Skjern / Ringkøbing
    {7000, 55.570, 9.750},   // Fredericia
    {7100, 55.710, 9.540},   // Vejle
    {7400, 56.140, 8.970},   // Herning
    {7500, 56.360, 8.620},   // Holstebro
    {7700, 56.960, 8.690},   // Thisted
    {7800, 56.570, 9.030},   // Skive
    {8000, 56.160, 10.200},  // Aarhus
    {8700, 55.860, 9.850},   // Horsens
    {8800, 56.450, 9.400},   // Viborg
    {8900, 56.460, 10.040},  // Randers
    {9000, 57.050, 9.920},   // Aalborg
    {9500, 56.830, 9.820},   // Hobro
    {9700, 57.270, 9.940},   // Brønderslev
    {9800, 57.460, 9.980},   // Hjørring
    {9900, 57.440, 10.540},  // Frederikshavn
}};

constexpr double origin_latitude = 56.0;
constexpr double origin_longitude = 10.5;
constexpr double km_per_degree_latitude = 111.2;
// cos(56 degrees) * 111.2: one degree of longitude at Denmark's latitude.
constexpr double km_per_degree_longitude = 62.18;

}  // namespace

position approximate_position(std::uint16_t postcode) noexcept {
  position best{anchors[0].latitude, anchors[0].longitude};
  if (!is_danish_postcode(postcode)) return best;
  for (const auto& a : anchors) {
    if (a.from <= postcode) best = {a.latitude, a.longitude};
  }
  return best;
}

bool is_danish_postcode(std::uint16_t postcode) noexcept {
  return postcode >= 1000 && postcode <= 9999 && !(postcode >= 3900 && postcode <= 3999);
}

plane_point project(const position& p) noexcept {
  return {(p.longitude - origin_longitude) * km_per_degree_longitude,
          (p.latitude - origin_latitude) * km_per_degree_latitude};
}

double distance_km(const plane_point& a, const plane_point& b) noexcept {
  return std::hypot(a.east_km - b.east_km, a.north_km - b.north_km);
}

}  // namespace kreds::matching
