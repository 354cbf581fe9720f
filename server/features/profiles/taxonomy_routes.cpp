// Occupation, skill and language search over the ESCO taxonomy, for the
// profile editor's autocomplete (docs/api.md).
#include <boost/json.hpp>

#include "features/profiles/routes.hpp"
#include "platform/context.hpp"
#include "platform/json_input.hpp"
#include "platform/json_output.hpp"

namespace kreds::features {
namespace {

using boost::asio::awaitable;
namespace json = boost::json;

awaitable<result<http_reply>> search(context& ctx, const http_request& request) {
  const auto query = query_parameter(request.query, "q").value_or("");
  const auto length = utf8_length(query);
  if (length < 1 || length > 100) co_return kreds::error{errc::invalid_field, "q must be 1 to 100 characters", "q"};
  const auto kind = query_parameter(request.query, "kind").value_or("occupation");
  taxonomy::search_options options;
  if (kind == "occupation") {
    options.kinds = taxonomy::occupations_mask;
  } else if (kind == "skill") {
    options.kinds = taxonomy::mask_of(taxonomy::concept_kind::skill_group) |
                    taxonomy::mask_of(taxonomy::concept_kind::transversal_skill);
  } else if (kind == "language") {
    options.kinds = taxonomy::mask_of(taxonomy::concept_kind::language_skill);
  } else {
    co_return kreds::error{errc::invalid_field, "kind must be occupation, skill or language", "kind"};
  }
  options.language = query_parameter(request.query, "lang").value_or("da") == "en" ? "en" : "da";
  const auto parsed_limit = whole_number(query_parameter(request.query, "limit").value_or("10"), 1, 50);
  if (!parsed_limit) co_return kreds::error{errc::invalid_field, "limit must be a number from 1 to 50", "limit"};
  const auto limit = static_cast<int>(*parsed_limit);
  // Language skills without an ISO code cannot be stored in a profile: skip them.
  options.limit = static_cast<std::size_t>(kind == "language" ? 100 : limit);
  json::array results;
  for (const auto& hit : ctx.taxonomy().search(query, options)) {
    if (static_cast<int>(results.size()) >= limit) break;
    json::object item{{"kind", kind}, {"id", hit.id}, {"label", hit.label}, {"matched_label", hit.matched_label}};
    if (kind == "occupation") item["isco_code"] = hit.ref;
    if (kind == "language") {
      if (hit.ref.empty()) continue;
      item["code"] = hit.ref;
    }
    results.push_back(std::move(item));
  }
  co_return json_reply(200, json_text(json::object{{"results", std::move(results)}}));
}

}  // namespace

void register_taxonomy_routes(context& ctx, api_router& api) {
  api.add("GET", "/api/v1/taxonomy/search", permission::use_session, reveals_nobody,
          [&ctx](const http_request& request, const caller*) { return search(ctx, request); });
}

}  // namespace kreds::features
