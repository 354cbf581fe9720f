// Writing JSON for clients: the one serializer every reply, message and
// export goes through. JSON has no Infinity or NaN, and Boost.JSON would
// write them as such (invalid JSON that breaks every client's parser): a
// non-finite number is written as null instead. scripts/check_layers.sh
// refuses boost::json::serialize anywhere else in server/, so a new reply
// cannot bypass it. Pure function; thread-safe.
#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace kreds::platform {

std::string json_text(const boost::json::value& value);

}  // namespace kreds::platform
