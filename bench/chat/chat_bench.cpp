// chat_bench: Kreds chat under load, over real WebSockets on 127.0.0.1.
//
// How it measures:
//  * Fixture: a fresh database in a work directory, with `kreds demo`
//    seekers put into networks of 8 and given sessions directly in SQLite
//    (fixture.hpp). Preparation only; nothing below bypasses the server.
//  * Server: the release `kreds serve` as a child process, so its memory
//    (VmRSS) and CPU time are its own; log level warn, the per-user post
//    limit raised, every other setting its default — synchronous = FULL, so
//    an ack means the message is on disk.
//  * Case "idle": every member opens a WebSocket (session cookie, the
//    server's own Origin); once all are welcomed and the presence events
//    have drained, server_rss_mb is the server's VmRSS, and
//    rss_per_connection_kb is its growth since before the first connection,
//    divided by the connections.
//  * Cases "post_<rate>": on the same connections, members post chat.post at
//    a fixed offered rate for --step-seconds (open loop, spread over every
//    network). Each message fans out to the 8 members of its network.
//    p50_ms/p99_ms: from handing the post to the socket until each of the 7
//    other members has its chat.message; ack_*: until the author's chat.ack.
//    posts_per_s and deliveries_per_s count acks and deliveries that
//    arrived within the sending window. After each step, one member per
//    network asks chat.sync: lost_acked counts acknowledged messages not
//    stored exactly once at their acknowledged seq, and sync_gaps any break
//    in the stored seqs 1, 2, 3, ...; sequence_gaps counts live chat.message
//    frames that were not the next seq for their member. The rate rises
//    until p99 passes --p99-limit-ms or the list of rates ends; any lost,
//    unanswered or out-of-order message stops the run with exit status 1.
//    server_cpu_pct and bench_cpu_pct (100 = one core) show who had the
//    machine's two cores.
//
// Memory is in KiB and MiB, as /proc reports it. Prints one JSON object per
// line on stdout; progress and problems go to stderr. Usage:
//   chat_bench [--connections 10000] [--rates 500,1000,...] [--step-seconds 6]
//              [--p99-limit-ms 50] [--parallel-opens 64] [--work-dir DIR] [--keep]
//              [--set key=value ...] [--kreds PATH] [--source-dir DIR]
// --set passes a config override to the server (kreds serve --set).
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fixture.hpp"
#include "load_client.hpp"
#include "server_process.hpp"

namespace kreds::bench {
namespace {

using namespace std::chrono_literals;

struct options {
  std::size_t connections = 10000;
  std::vector<double> rates{500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 10000};
  std::chrono::milliseconds step = 6s;
  double p99_limit_ms = 50;
  std::size_t parallel_opens = 64;
  std::string kreds_binary = KREDS_BINARY;
  std::string source_dir = KREDS_SOURCE_DIR;
  std::string work_dir;  // default: a new directory under /tmp
  bool keep_work_dir = false;
  std::vector<std::string> server_overrides;
};

std::optional<std::vector<double>> parse_rates(const std::string& list) {
  std::vector<double> rates;
  std::istringstream items(list);
  for (std::string item; std::getline(items, item, ',');) {
    char* end = nullptr;
    const double rate = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || !(rate > 0)) return std::nullopt;
    rates.push_back(rate);
  }
  if (rates.empty()) return std::nullopt;
  return rates;
}

std::optional<options> parse_options(int argc, char** argv) try {
  options out;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--keep") {
      out.keep_work_dir = true;
      continue;
    }
    if (i + 1 >= argc) {
      std::cerr << "chat_bench: " << flag << " needs a value\n";
      return std::nullopt;
    }
    const std::string value = argv[++i];
    if (flag == "--connections") {
      out.connections = std::stoul(value);
    } else if (flag == "--rates") {
      auto rates = parse_rates(value);
      if (!rates) {
        std::cerr << "chat_bench: --rates takes positive numbers separated by commas\n";
        return std::nullopt;
      }
      out.rates = *rates;
    } else if (flag == "--step-seconds") {
      out.step = std::chrono::milliseconds(static_cast<long>(std::stod(value) * 1000));
    } else if (flag == "--p99-limit-ms") {
      out.p99_limit_ms = std::stod(value);
    } else if (flag == "--parallel-opens") {
      out.parallel_opens = std::stoul(value);
    } else if (flag == "--kreds") {
      out.kreds_binary = value;
    } else if (flag == "--source-dir") {
      out.source_dir = value;
    } else if (flag == "--work-dir") {
      out.work_dir = value;
    } else if (flag == "--set") {
      out.server_overrides.push_back(value);
    } else {
      std::cerr << "chat_bench: unknown option " << flag << " (see the comment at the top of chat_bench.cpp)\n";
      return std::nullopt;
    }
  }
  return out;
} catch (const std::logic_error&) {  // std::stoul and friends on a value that is not a number
  std::cerr << "chat_bench: an option's value is not a number\n";
  return std::nullopt;
}

// One JSON object, fields in the order they are added.
class json_line {
 public:
  json_line& text(const char* key, const std::string& value) {
    return field(key, std::string("\"").append(value).append("\""));
  }
  json_line& integer(const char* key, long long value) { return field(key, std::to_string(value)); }
  json_line& number(const char* key, double value, int decimals = 1) {
    if (!std::isfinite(value)) return null(key);
    char formatted[64];
    std::snprintf(formatted, sizeof formatted, "%.*f", decimals, value);
    return field(key, formatted);
  }
  json_line& null(const char* key) { return field(key, "null"); }
  std::string str() const { return std::string("{").append(fields_).append("}"); }

 private:
  json_line& field(const char* key, const std::string& value) {
    if (!fields_.empty()) fields_.append(", ");
    fields_.append("\"").append(key).append("\": ").append(value);
    return *this;
  }
  std::string fields_;
};

void print(const json_line& line) { std::cout << line.str() << std::endl; }

// Nearest-rank percentile; NaN for no samples.
double percentile(std::vector<double> samples, double fraction) {
  if (samples.empty()) return std::nan("");
  const auto rank = static_cast<std::size_t>(std::ceil(fraction * static_cast<double>(samples.size())));
  const auto index = std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1);
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index), samples.end());
  return samples[index];
}

double mib(long kib) { return static_cast<double>(kib) / 1024.0; }

// CPU time this process (the load generator) has used so far.
std::chrono::duration<double> own_cpu_time() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return std::chrono::duration<double>(seconds(usage.ru_utime) + seconds(usage.ru_stime));
}

// Each connection is a file descriptor in the benchmark and one in the server
// (a child inherits the limit).
void raise_open_file_limit(std::size_t connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < connections + 200) {
    std::cerr << "chat_bench: warning: only " << limit.rlim_cur << " file descriptors allowed per process\n";
  }
}

// Other work on the machine competes with the server and the load generator
// for the same cores and skews latency: say so.
void warn_if_machine_busy() {
  std::ifstream loadavg("/proc/loadavg");
  double one_minute = 0;
  if (loadavg >> one_minute && one_minute > 0.5) {
    std::cerr << "chat_bench: warning: load average " << one_minute
              << " before the start; other processes will skew the figures\n";
  }
}

std::string make_work_dir(const std::string& requested) {
  if (!requested.empty()) {
    std::filesystem::create_directories(requested);
    return std::filesystem::absolute(requested).string();
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "kreds-chat-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

struct memory_baseline {
  long rss_kib = 0;
};

json_line idle_case(server_process& server, load_client& client, const options& settings, memory_baseline& baseline) {
  baseline.rss_kib = server.rss_kib();
  const auto started = std::chrono::steady_clock::now();
  const auto open = client.connect_all(settings.parallel_opens, 180s);
  const auto connect_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  client.settle(1500ms, 60s);
  const auto rss = server.rss_kib();
  const auto per_connection_kib = open ? static_cast<double>(rss - baseline.rss_kib) / static_cast<double>(open) : 0;
  return json_line()
      .text("case", "idle")
      .integer("connections", static_cast<long long>(open))
      .number("posts_per_s", 0)
      .number("deliveries_per_s", 0)
      .null("p50_ms")
      .null("p99_ms")
      .number("server_rss_mb", mib(rss))
      .number("server_rss_before_mb", mib(baseline.rss_kib))
      .number("rss_per_connection_kb", per_connection_kib)
      .integer("lost_acked", 0)
      .number("connect_s", connect_s)
      .integer("closed_by_server", static_cast<long long>(client.closed_by_server()));
}

struct posting_outcome {
  json_line line;
  double p99_ms = 0;
  std::string problem;  // empty when nothing was lost, closed or left unanswered
};

posting_outcome posting_case(server_process& server, load_client& client, double rate, const options& settings,
                             const memory_baseline& baseline) {
  const auto server_cpu_before = server.cpu_time();
  const auto own_cpu_before = own_cpu_time();
  const auto wall_before = std::chrono::steady_clock::now();
  const auto step = client.post_at_rate(rate, settings.step, 15s);
  const auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  const auto server_cpu_pct = 100.0 * (server.cpu_time() - server_cpu_before).count() / wall;
  const auto own_cpu_pct = 100.0 * (own_cpu_time() - own_cpu_before).count() / wall;
  const auto checked = client.verify_acknowledged(60s);
  const auto open = client.open_connections();
  const auto rss = server.rss_kib();
  const auto unacked = step.sent - std::min(step.sent, step.acked + step.failed);
  const auto missing = step.expected_deliveries - std::min(step.expected_deliveries, step.delivered);
  posting_outcome out;
  out.p99_ms = percentile(step.delivery_ms, 0.99);
  if (checked.lost > 0 || checked.order_errors > 0) out.problem = "acknowledged messages are missing or out of order";
  if (client.sequence_gaps() > 0) out.problem = "members received chat.message out of sequence";
  if (!checked.complete) out.problem = "chat.sync did not answer for every network";
  if (unacked > 0 || step.failed > 0) out.problem = "posts were not acknowledged: " + client.first_error();
  if (client.closed_by_server() > 0) out.problem = "connections were closed: " + client.first_error();
  out.line.text("case", "post_" + std::to_string(static_cast<long>(rate)))
      .integer("connections", static_cast<long long>(open))
      .integer("fanout", static_cast<long long>(network_size))
      .number("offered_per_s", rate, 0)
      .number("posts_per_s", static_cast<double>(step.acked_in_window) / step.window_s)
      .number("deliveries_per_s", static_cast<double>(step.delivered_in_window) / step.window_s)
      .number("p50_ms", percentile(step.delivery_ms, 0.50), 2)
      .number("p99_ms", out.p99_ms, 2)
      .number("max_ms", percentile(step.delivery_ms, 1.0), 2)
      .number("ack_p50_ms", percentile(step.ack_ms, 0.50), 2)
      .number("ack_p99_ms", percentile(step.ack_ms, 0.99), 2)
      .number("server_rss_mb", mib(rss))
      .number("rss_per_connection_kb",
              open ? static_cast<double>(rss - baseline.rss_kib) / static_cast<double>(open) : 0)
      .integer("lost_acked", static_cast<long long>(checked.lost))
      .integer("acked", static_cast<long long>(step.acked))
      .integer("verified", static_cast<long long>(checked.checked))
      .integer("unacked", static_cast<long long>(unacked))
      .integer("failed_posts", static_cast<long long>(step.failed))
      .integer("missing_deliveries", static_cast<long long>(missing))
      .integer("sequence_gaps", static_cast<long long>(client.sequence_gaps()))
      .integer("sync_gaps", static_cast<long long>(checked.order_errors))
      .integer("closed_by_server", static_cast<long long>(client.closed_by_server()))
      .number("server_cpu_pct", server_cpu_pct, 0)
      .number("bench_cpu_pct", own_cpu_pct, 0);
  return out;
}

// Everything after the fixture: the server, the idle case, the posting steps.
int run_cases(const options& settings, const std::string& work_dir, std::vector<member> members) {
  server_options server_settings;
  server_settings.binary = settings.kreds_binary;
  server_settings.source_dir = settings.source_dir;
  server_settings.database = work_dir + "/kreds.sqlite3";
  server_settings.log_file = work_dir + "/server.log";
  server_settings.port = free_loopback_port();
  server_settings.overrides = {"limits.chat_messages_per_minute=100000", "limits.ws_changes_per_minute=100000",
                               "limits.ws_messages_per_minute=100000"};
  for (const auto& key_value : settings.server_overrides) server_settings.overrides.push_back(key_value);
  auto server = server_process::start(server_settings, 30s);
  if (!server) {
    std::cerr << "chat_bench: the server did not start; see " << server_settings.log_file << "\n";
    return 1;
  }
  std::this_thread::sleep_for(500ms);  // the baseline after start-up, not during it
  int status = 0;
  {
    load_client client(server->port(), std::move(members));
    memory_baseline baseline;
    std::cerr << "chat_bench: opening " << settings.connections << " WebSockets\n";
    print(idle_case(*server, client, settings, baseline));
    if (client.open_connections() != settings.connections) {
      std::cerr << "chat_bench: not every connection opened: " << client.first_error() << "\n";
      status = 1;
    }
    for (const auto rate : settings.rates) {
      if (status != 0) break;
      std::cerr << "chat_bench: posting at " << rate << " posts/s\n";
      auto outcome = posting_case(*server, client, rate, settings, baseline);
      print(outcome.line);
      if (!outcome.problem.empty()) {
        std::cerr << "chat_bench: stopping: " << outcome.problem << "\n";
        status = 1;
      }
      if (!(outcome.p99_ms <= settings.p99_limit_ms)) break;
    }
  }
  const int server_exit = server->stop(15s);
  if (server_exit != 0) {
    std::cerr << "chat_bench: the server exited with " << server_exit << "; see " << server_settings.log_file << "\n";
    status = 1;
  }
  return status;
}

int run(const options& settings) {
  raise_open_file_limit(settings.connections);
  warn_if_machine_busy();
  const auto work_dir = make_work_dir(settings.work_dir);
  if (work_dir.empty()) {
    std::cerr << "chat_bench: cannot create a work directory\n";
    return 1;
  }
  if (std::filesystem::exists(work_dir + "/kreds.sqlite3")) {
    std::cerr << "chat_bench: " << work_dir << "/kreds.sqlite3 exists; the benchmark needs a fresh database\n";
    return 1;
  }
  std::cerr << "chat_bench: preparing " << settings.connections << " members in " << work_dir << "\n";
  auto members = prepare_fixture({.kreds_binary = settings.kreds_binary,
                                  .taxonomy_path = settings.source_dir + "/config/taxonomy/esco-1.1.tsv",
                                  .database = work_dir + "/kreds.sqlite3",
                                  .log_file = work_dir + "/demo.log",
                                  .members = settings.connections});
  const int status = members ? run_cases(settings, work_dir, std::move(*members)) : 1;
  if (status == 0 && !settings.keep_work_dir) {
    std::filesystem::remove_all(work_dir);
  } else {
    std::cerr << "chat_bench: the database and server log are in " << work_dir << "\n";
  }
  return status;
}

}  // namespace
}  // namespace kreds::bench

int main(int argc, char** argv) {
  const auto settings = kreds::bench::parse_options(argc, argv);
  if (!settings) return 2;
  return kreds::bench::run(*settings);
}
