// One page of a long list over HTTP (docs/api.md, "Paging"): `?limit` (1 to
// the route's maximum, default its default) and `?offset` (from 0). The
// reply says how many there are in all and where the next page starts
// (`next_offset`, null on the last page), so a reply stays bounded however
// long the list grows. Bad values are invalid_field naming the parameter.
#pragma once

#include <boost/json/object.hpp>

#include <cstddef>
#include <string>

#include "core/result.hpp"
#include "features/common/feature.hpp"

namespace kreds::features {

struct page_request {
  std::size_t offset = 0;
  std::size_t limit = 0;
};

result<page_request> page_of(const std::string& query, std::size_t default_limit, std::size_t max_limit);

// {"total", "offset", "next_offset"} for a page of `shown` items out of `total`.
boost::json::object page_fields(std::size_t total, const page_request& page, std::size_t shown);

}  // namespace kreds::features
