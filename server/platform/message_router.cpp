#include "platform/message_router.hpp"
#include "platform/json_output.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "platform/json_input.hpp"
#include "platform/logging.hpp"

namespace kreds::platform {
namespace {

constexpr std::size_t max_type_length = 64;
constexpr std::size_t max_id_length = 64;

bool valid_type(std::string_view type) {
  if (type.empty() || type.size() > max_type_length) return false;
  for (char ch : type) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.')) return false;
  }
  return true;
}

}  // namespace

result<envelope> parse_envelope(std::string_view text) {
  auto value = parse_json(text, "the message");
  KREDS_RETURN_IF_ERROR(value);
  boost::json::value parsed = std::move(*value);
  auto* object = parsed.if_object();
  if (!object) return kreds::error{errc::bad_request, "the message must be a JSON object"};

  envelope message;
  if (auto* id = object->if_contains("id")) {
    auto* text_id = id->if_string();
    if (!text_id || text_id->size() > max_id_length) {
      return kreds::error{errc::invalid_field, "id must be a string of at most 64 characters", "id"};
    }
    message.id = std::string(*text_id);
  }
  auto* type = object->if_contains("type");
  if (!type || !type->is_string()) {
    return kreds::error{errc::invalid_field, "type is required and must be a string", "type"};
  }
  message.type = std::string(type->get_string());
  if (!valid_type(message.type)) {
    return kreds::error{errc::invalid_field, "type must be 1-64 characters of a-z, 0-9, '_' and '.'", "type"};
  }
  if (auto* body = object->if_contains("payload")) {
    if (!body->is_object()) return kreds::error{errc::invalid_field, "payload must be an object", "payload"};
    message.payload = std::move(*body);
  } else {
    message.payload = boost::json::object{};
  }
  for (const auto& field : *object) {
    if (field.key() != "type" && field.key() != "id" && field.key() != "payload") {
      return kreds::error{errc::invalid_field,
                          "unknown field '" + std::string(field.key()) + "'; a message has type, id and payload",
                          std::string(field.key())};
    }
  }
  return message;
}

std::string serialize_message(std::string_view type, std::string_view id, const boost::json::value& payload) {
  boost::json::object out{{"type", type}};
  if (!id.empty()) out["id"] = id;
  out["payload"] = payload;
  return json_text(out);
}

std::string serialize_error(std::string_view id, const kreds::error& failure) {
  boost::json::object detail{{"code", code_name(failure.code())}, {"message", client_message(failure)}};
  if (!failure.message_is_private() && !failure.field().empty()) detail["field"] = failure.field();
  if (failure.retry_after_seconds() > 0) detail["retry_after_seconds"] = failure.retry_after_seconds();
  return serialize_message("error", id, detail);
}

namespace {

// Every error reply to a connection goes out here: a private message (a
// database's words) is logged under the connection's id, the client gets
// client_message() and the request's id.
void send_error(connection& from, std::string_view id, const kreds::error& failure) {
  if (failure.message_is_private()) {
    log_warn(from.connection_id(), "answered {}: {}", code_name(failure.code()), failure.message());
  }
  from.send(std::make_shared<const std::string>(serialize_error(id, failure)));
}

}  // namespace

void message_router::add(std::string type, permission needed, effect does, data_use use, message_handler handler) {
  handlers_.emplace(std::move(type), entry{needed, does, use, std::move(handler)});
}

boost::asio::awaitable<void> message_router::dispatch(connection& from, std::string_view text) const {
  auto message = parse_envelope(text);
  if (!message) {
    send_error(from, {}, message.err());
    co_return;
  }
  auto handler = handlers_.find(message->type);
  if (handler == handlers_.end()) {
    send_error(from, message->id, {errc::unsupported, "unknown message type '" + message->type + "'", "type"});
    co_return;
  }
  if (!allows(from.who().role, handler->second.needed)) {
    send_error(from, message->id, {errc::forbidden, "your role may not send '" + message->type + "'"});
    co_return;
  }
  if (const auto wait = limit_ ? limit_->try_post(from.who().account_id) : 0; wait > 0) {
    send_error(
        from, message->id,
        kreds::error{errc::rate_limited, "slow down: too many messages; try again in " + std::to_string(wait) + " s"}
            .with_retry_after(wait));
    co_return;
  }
  if (const auto wait =
          handler->second.does == effect::changes && change_limit_ ? change_limit_->try_post(from.who().account_id) : 0;
      wait > 0) {
    send_error(
        from, message->id,
        kreds::error{errc::rate_limited, "slow down: too many changes; try again in " + std::to_string(wait) + " s"}
            .with_retry_after(wait));
    co_return;
  }
  auto handling = handler->second.handler(from, *message);
  auto answer = co_await std::move(handling);
  if (!answer) {
    send_error(from, message->id, answer.err());
    co_return;
  }
  auto serialized = std::make_shared<const std::string>(serialize_message(answer->type, message->id, answer->payload));
  if (reply_limit_ > 0 && serialized->size() > reply_limit_) {
    send_error(from, message->id,
               {errc::payload_too_large, "the answer to '" + message->type + "' is too large to send (" +
                                             std::to_string(serialized->size()) + " bytes); ask for less"});
    co_return;
  }
  auto auditing = audit_reply(audit_, handler->second.use, &from.who(), &answer->payload, message->type);
  auto audited = co_await std::move(auditing);
  if (!audited) {
    send_error(from, message->id, audited.err());
    co_return;
  }
  from.send(std::move(serialized));
}

void message_router::refuse(connection& from, std::string_view text, const kreds::error& failure) const {
  auto message = parse_envelope(text);
  send_error(from, message ? message->id : std::string(), failure);
}

std::vector<declared_use> message_router::census() const {
  std::vector<declared_use> out;
  for (const auto& type : types()) out.push_back({type, handlers_.at(type).use});
  return out;
}

std::vector<std::string> message_router::changing_types() const {
  std::vector<std::string> out;
  for (const auto& [type, handler] : handlers_) {
    if (handler.does == effect::changes) out.push_back(type);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> message_router::types() const {
  std::vector<std::string> out;
  for (const auto& [type, handler] : handlers_) out.push_back(type);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kreds::platform
