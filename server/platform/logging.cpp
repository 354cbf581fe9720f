#include "platform/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace kreds::platform {
namespace {

thread_local std::string_view current_id;

void append_json_escaped(std::string_view text, spdlog::memory_buf_t& out) {
  static constexpr char hex[] = "0123456789abcdef";
  for (unsigned char ch : text) {
    switch (ch) {
      case '"':
        out.append(std::string_view("\\\""));
        break;
      case '\\':
        out.append(std::string_view("\\\\"));
        break;
      case '\n':
        out.append(std::string_view("\\n"));
        break;
      case '\r':
        out.append(std::string_view("\\r"));
        break;
      case '\t':
        out.append(std::string_view("\\t"));
        break;
      default:
        if (ch < 0x20) {
          const char escaped[] = {'\\', 'u', '0', '0', hex[ch >> 4], hex[ch & 15]};
          out.append(escaped, escaped + 6);
        } else {
          out.push_back(static_cast<char>(ch));
        }
    }
  }
}

// %* in text: "[c12] " or nothing.
class text_id_flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& out) override {
    if (current_id.empty()) return;
    out.push_back('[');
    out.append(current_id.data(), current_id.data() + current_id.size());
    out.append(std::string_view("] "));
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<text_id_flag>(); }
};

// %* in JSON: ,"id":"c12" or nothing.
class json_id_flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& out) override {
    if (current_id.empty()) return;
    out.append(std::string_view(",\"id\":\""));
    append_json_escaped(current_id, out);
    out.push_back('"');
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<json_id_flag>(); }
};

// %& in JSON: the message, escaped.
class json_message_flag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& out) override {
    append_json_escaped(std::string_view(msg.payload.data(), msg.payload.size()), out);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<json_message_flag>(); }
};

}  // namespace

namespace detail {
scoped_log_id::scoped_log_id(std::string_view id) noexcept { current_id = id; }
scoped_log_id::~scoped_log_id() { current_id = {}; }
}  // namespace detail

result<void> setup_logging(std::string_view level, std::string_view format) {
  const auto parsed = spdlog::level::from_str(std::string(level));
  if (parsed == spdlog::level::off && level != "off") {
    return kreds::error{errc::invalid_field, "unknown log level '" + std::string(level) + "'", "log.level"};
  }
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (format == "json") {
    formatter->add_flag<json_id_flag>('*').add_flag<json_message_flag>('&').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l"%*,"msg":"%&"})");
  } else if (format == "text") {
    formatter->add_flag<text_id_flag>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %*%v");
  } else {
    return kreds::error{errc::invalid_field, "log format must be text or json", "log.format"};
  }
  auto logger = std::make_shared<spdlog::logger>("kreds", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  logger->set_formatter(std::move(formatter));
  logger->set_level(parsed);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  return {};
}

}  // namespace kreds::platform
