#include "features/common/paging.hpp"

#include <boost/json.hpp>

#include "platform/json_input.hpp"

namespace kreds::features {

result<page_request> page_of(const std::string& query, std::size_t default_limit, std::size_t max_limit) {
  page_request page{0, default_limit};
  if (const auto limit = query_parameter(query, "limit")) {
    const auto value = whole_number(*limit, 1, static_cast<std::int64_t>(max_limit));
    if (!value) {
      return kreds::error{errc::invalid_field, "limit must be a whole number from 1 to " + std::to_string(max_limit),
                          "limit"};
    }
    page.limit = static_cast<std::size_t>(*value);
  }
  if (const auto offset = query_parameter(query, "offset")) {
    const auto value = whole_number(*offset, 0, 100000000);
    if (!value) return kreds::error{errc::invalid_field, "offset must be a whole number from 0", "offset"};
    page.offset = static_cast<std::size_t>(*value);
  }
  return page;
}

boost::json::object page_fields(std::size_t total, const page_request& page, std::size_t shown) {
  const auto next = page.offset + shown;
  return {{"total", total},
          {"offset", page.offset},
          {"next_offset", next < total ? boost::json::value(next) : boost::json::value(nullptr)}};
}

}  // namespace kreds::features
