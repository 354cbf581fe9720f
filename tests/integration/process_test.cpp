#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <signal.h>
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/clients.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using namespace kreds::testing;
using namespace std::chrono_literals;

namespace {

const std::string taxonomy_path = "taxonomy.path=\"" KREDS_SOURCE_DIR "/config/taxonomy/esco-1.1.tsv\"";

std::vector<std::string> serve_args(const temp_dir& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{KREDS_BINARY, "serve",
                                "--port",     "0",
                                "--database", dir.file("kreds.sqlite3"),
                                "--web-root", KREDS_SOURCE_DIR "/web",
                                "--set",      taxonomy_path,
                                "--set",      "metrics.port=0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

TEST_CASE("cli: version and help answer and exit 0", "[integration][cli]") {
  auto version = run_kreds({"version"});
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.output, Catch::Contains("kreds 0.") && Catch::Contains("schema version"));
  for (const auto* command : {"serve", "migrate", "backup", "version"}) {
    INFO(command);
    auto help = run_kreds({command, "--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::Contains("Usage: kreds"));
  }
  auto overview = run_kreds({"--help"});
  CHECK(overview.exit_code == 0);
  CHECK_THAT(overview.output, Catch::Contains("backup FILE"));
}

TEST_CASE("cli: unknown commands and options are usage errors", "[integration][cli]") {
  auto unknown = run_kreds({"frobnicate"});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("unknown command 'frobnicate'"));
  auto option = run_kreds({"serve", "--prot", "1"});
  CHECK(option.exit_code == 2);
  CHECK(run_kreds({}).exit_code == 2);
  CHECK(run_kreds({"backup"}).exit_code == 2);
}

TEST_CASE("cli: a bad config stops start-up naming the key and line", "[integration][cli]") {
  temp_dir dir;
  std::ofstream(dir.file("bad.toml")) << "[server]\nport = 8080\n[limits]\nws_queue_messages = -5\n";
  auto bad = run_kreds({"serve", "--config", dir.file("bad.toml"), "--database", dir.file("db.sqlite3")});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("bad.toml:4") && Catch::Contains("limits.ws_queue_messages"));

  auto unknown = run_kreds({"serve", "--set", "server.nope=1", "--database", dir.file("db.sqlite3")});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("server.nope"));
}

TEST_CASE("cli: a port in use stops start-up with a clear message", "[integration][cli]") {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor taken(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  temp_dir dir;
  auto args = serve_args(dir);
  args.erase(args.begin());  // run_kreds adds the binary
  args[2] = std::to_string(taken.local_endpoint().port());
  auto result = run_kreds(args);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("in use"));
}

TEST_CASE("cli: a database the migrations cannot handle stops start-up", "[integration][cli]") {
  temp_dir dir;
  {
    SQLite::Database db(dir.file("kreds.sqlite3"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA user_version = 999");
  }
  auto args = serve_args(dir);
  args.erase(args.begin());
  auto result = run_kreds(args);
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.output, Catch::Contains("999"));
}

TEST_CASE("cli: migrate applies the schema once", "[integration][cli]") {
  temp_dir dir;
  auto first = run_kreds({"migrate", "--database", dir.file("m.sqlite3")});
  CHECK(first.exit_code == 0);
  CHECK_THAT(first.output, Catch::Contains("schema version 0 -> "));
  auto second = run_kreds({"migrate", "--database", dir.file("m.sqlite3")});
  CHECK(second.exit_code == 0);
  CHECK_THAT(second.output, Catch::Contains("up to date"));
}

TEST_CASE("cli: backup copies the live database while the server runs", "[integration][cli]") {
  temp_dir dir;
  child_process server(serve_args(dir));
  REQUIRE(server.wait_for("listening on", 10s));
  auto backup = run_kreds({"backup", dir.file("copy.sqlite3"), "--database", dir.file("kreds.sqlite3")});
  CHECK(backup.exit_code == 0);
  SQLite::Database copy(dir.file("copy.sqlite3"));
  CHECK(copy.tableExists("municipality"));
  auto again = run_kreds({"backup", dir.file("copy.sqlite3"), "--database", dir.file("kreds.sqlite3")});
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.output, Catch::Contains("already exists"));
  server.signal(SIGTERM);
  CHECK(server.wait(10s) == 0);
}

TEST_CASE("shutdown: SIGTERM with clients connected closes WebSockets with 1001 and exits 0",
          "[integration][shutdown]") {
  temp_dir dir;
  REQUIRE(run_kreds({"demo", "--seekers", "2", "--caseworkers", "1", "--database", dir.file("kreds.sqlite3"), "--set",
                     taxonomy_path})
              .exit_code == 0);
  child_process server(serve_args(dir));
  auto line = server.wait_for("listening on", 10s);
  REQUIRE(line);
  const auto port = listening_port(*line);
  REQUIRE(port != 0);

  const auto cookie = login(port, "admin@aarhus.demo.kreds.dk", "kreds-demo-2026");
  REQUIRE_FALSE(cookie.empty());
  ws_client first, second;
  REQUIRE(first.connect(port, cookie) == 101);
  REQUIRE(second.connect(port, cookie) == 101);
  REQUIRE(first.read_type("welcome"));
  REQUIRE(second.read_type("welcome"));
  REQUIRE(http_request(port, "GET", "/healthz").status == 200);

  const auto started = std::chrono::steady_clock::now();
  server.signal(SIGTERM);
  CHECK_FALSE(first.read(10s));
  CHECK(first.close_code() == 1001);
  CHECK_FALSE(second.read(10s));
  CHECK(second.close_code() == 1001);
  auto status = server.wait(10s);
  REQUIRE(status);
  CHECK(*status == 0);
  CHECK(std::chrono::steady_clock::now() - started < 10s);
  CHECK_THAT(server.output(), Catch::Contains("stopped cleanly"));
}

TEST_CASE("durability: kill -9 during a burst of writes loses no acknowledged write", "[integration][durability]") {
  temp_dir dir;
  child_process writer({CRASH_WRITER_BINARY, dir.file("crash.sqlite3")});
  std::vector<std::string> acked;
  while (acked.size() < 500) {
    auto line = writer.read_line(10s);
    REQUIRE(line);
    if (line->rfind("acked ", 0) == 0) acked.push_back(line->substr(6));
  }
  writer.signal(SIGKILL);
  REQUIRE(writer.wait(10s));
  // Lines written before the kill are still in the pipe: they count too.
  std::istringstream rest(writer.output());
  std::set<std::string> all_acked;
  for (std::string line; std::getline(rest, line);) {
    if (line.rfind("acked ", 0) == 0 && line.size() > 6) all_acked.insert(line.substr(6));
  }
  REQUIRE(all_acked.size() >= 500);

  SQLite::Database db(dir.file("crash.sqlite3"), SQLite::OPEN_READWRITE);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  std::set<std::string> stored;
  SQLite::Statement codes(db, "SELECT code FROM municipality");
  while (codes.executeStep()) stored.insert(codes.getColumn(0).getString());
  std::size_t lost = 0;
  for (const auto& code : all_acked) lost += stored.count(code) ? 0 : 1;
  CHECK(lost == 0);
}

TEST_CASE("cli: admin create makes a municipality whose admin can log in", "[integration][cli]") {
  temp_dir dir;
  // run_kreds has no stdin: use a shell to feed the password line.
  const std::string command = "printf 'admin-password-1\\n' | " KREDS_BINARY " admin create --database " +
                              dir.file("kreds.sqlite3") +
                              " --municipality-code 751 --municipality-name 'Aarhus Kommune' --email ada@aarhus.dk "
                              "--name 'Ada Admin' > " +
                              dir.file("out.txt") + " 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  const std::string again =
      "printf 'admin-password-1\\n' | " KREDS_BINARY " admin create --database " + dir.file("kreds.sqlite3") +
      " --municipality-code 751 --municipality-name X --email b@aarhus.dk --name B > /dev/null 2>&1";
  CHECK(WEXITSTATUS(std::system(again.c_str())) == 1);  // the code is taken
  const std::string weak =
      "printf 'short\\n' | " KREDS_BINARY " admin create --database " + dir.file("kreds.sqlite3") +
      " --municipality-code 461 --municipality-name Odense --email c@odense.dk --name C > /dev/null 2>&1";
  CHECK(WEXITSTATUS(std::system(weak.c_str())) == 2);  // password too short

  child_process server(serve_args(dir));
  auto line = server.wait_for("listening on", 10s);
  REQUIRE(line);
  CHECK_FALSE(login(listening_port(*line), "ada@aarhus.dk", "admin-password-1").empty());
  CHECK(login(listening_port(*line), "c@odense.dk", "short").empty());
}

TEST_CASE("cli: demo creates a deterministic population and prints its logins", "[integration][cli]") {
  temp_dir dir;
  auto demo = run_kreds({"demo", "--seekers", "300", "--database", dir.file("kreds.sqlite3"), "--set", taxonomy_path});
  REQUIRE(demo.exit_code == 0);
  CHECK_THAT(demo.output, Catch::Contains("demo login: admin admin@aarhus.demo.kreds.dk kreds-demo-2026") &&
                              Catch::Contains("demo login: caseworker jobraadgiver1@aarhus.demo.kreds.dk") &&
                              Catch::Contains("demo login: seeker ") &&
                              Catch::Contains("demo: simulated 18 months of history: 300 past participants"));
  auto again = run_kreds({"demo", "--if-empty", "--database", dir.file("kreds.sqlite3"), "--set", taxonomy_path});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.output, Catch::Contains("nothing added"));
  SQLite::Database db(dir.file("kreds.sqlite3"));
  // 300 seekers today and 300 past participants.
  CHECK(db.execAndGet("SELECT count(*) FROM account WHERE role = 'seeker'").getInt() == 600);
  CHECK(db.execAndGet("SELECT count(*) FROM profile").getInt() == 600);
  CHECK(run_kreds({"demo", "--municipalities", "99", "--database", dir.file("other.sqlite3"), "--set", taxonomy_path})
            .exit_code == 2);
}

TEST_CASE("cli: taxonomy import writes the derived file and refuses a malformed pack", "[integration][cli]") {
  temp_dir dir;
  auto english = run_kreds({"taxonomy", "import", KREDS_SOURCE_DIR "/tests/taxonomy/data/esco-en", "--language", "en",
                            "--output", dir.file("taxonomy.tsv")});
  CHECK(english.exit_code == 0);
  CHECK_THAT(english.output, Catch::Contains("occupations"));
  auto danish = run_kreds({"taxonomy", "import", KREDS_SOURCE_DIR "/tests/taxonomy/data/esco-da", "--language", "da",
                           "--output", dir.file("taxonomy.tsv")});
  CHECK(danish.exit_code == 0);
  std::ifstream file(dir.file("taxonomy.tsv"));
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  CHECK_THAT(text, Catch::Contains("ESCO classification of the European Commission") && Catch::Contains("\tda\t") &&
                       Catch::Contains("\ten\t"));
  auto missing = run_kreds({"taxonomy", "import", dir.file("nowhere"), "--output", dir.file("other.tsv")});
  CHECK(missing.exit_code == 1);
  CHECK_THAT(missing.output, Catch::Contains("nothing written"));
  CHECK_FALSE(std::filesystem::exists(dir.file("other.tsv")));
  CHECK(run_kreds({"taxonomy", "export"}).exit_code == 2);
}

namespace {

// A TCP connection to 127.0.0.1:port, as a plain descriptor (or -1).
int open_connection(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether the server closed this connection (it reads as end of stream within `wait`).
bool closed_by_server(int fd, std::chrono::milliseconds wait) {
  pollfd watched{fd, POLLIN, 0};
  if (::poll(&watched, 1, static_cast<int>(wait.count())) <= 0) return false;
  char byte = 0;
  return ::recv(fd, &byte, 1, MSG_DONTWAIT) == 0;
}

// Reads the child's output for `span`, so output() holds what it logged.
void drain(child_process& child, std::chrono::milliseconds span) {
  const auto until = std::chrono::steady_clock::now() + span;
  while (std::chrono::steady_clock::now() < until) child.read_line(100ms);
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("descriptors: under a small open-file limit connections are capped below it, and the log says so",
          "[integration][descriptors]") {
  temp_dir dir;
  auto args = serve_args(dir);
  args.insert(args.begin(), {"/usr/bin/prlimit", "--nofile=128:128"});
  child_process server(args);
  auto line = server.wait_for("listening on", 10s);
  REQUIRE(line);
  const auto port = listening_port(*line);
  CHECK_THAT(server.output(), Catch::Contains("open files are limited to 128") &&
                                  Catch::Contains("connections at most 64 instead of limits.max_connections = 20000"));
  std::vector<int> open;
  for (int i = 0; i < 80; ++i) open.push_back(open_connection(port));
  int refused = 0;
  for (const int fd : open) refused += closed_by_server(fd, 200ms) ? 1 : 0;
  CHECK(refused >= 80 - 64);
  CHECK(refused < 80);
  drain(server, 300ms);
  CHECK_THAT(server.output(), !Catch::Contains("accept failed"));  // the cap came first, not the OS limit
  for (const int fd : open) ::close(fd);
  drain(server, 300ms);
  CHECK(http_request(port, "GET", "/healthz").status == 200);
}

TEST_CASE("descriptors: out of file descriptors the server backs off, logs it once, and serves again afterwards",
          "[integration][descriptors]") {
#ifdef KREDS_SANITIZED
  // Out of descriptors, the sanitizers' own runtime cannot read the process's
  // memory map and stops the server with a false "invalid vptr" report; this
  // test runs in the dev build (the README's test command).
  WARN("not run under the sanitizers");
  return;
#endif
  temp_dir dir;
  // Eight readers hold more descriptors than the reserve of 16 allows for, so
  // the operating system's limit (256) is met before the connection cap (240).
  auto args = serve_args(dir, {"--set", "limits.descriptor_reserve=16", "--set", "database.readers=8"});
  args.insert(args.begin(), {"/usr/bin/prlimit", "--nofile=256:256"});
  child_process server(args);
  auto line = server.wait_for("listening on", 10s);
  REQUIRE(line);
  const auto port = listening_port(*line);
  std::vector<int> open;
  for (int i = 0; i < 240; ++i) open.push_back(open_connection(port));
  drain(server, 2500ms);  // long enough for many retries at 50 ms .. 1 s
  CHECK(occurrences(server.output(), "accept failed") == 1);
  for (const int fd : open) ::close(fd);
  // Once descriptors are free the backlog drains and new requests are served.
  bool served = false;
  for (int attempt = 0; attempt < 30 && !served; ++attempt) {
    served = http_request(port, "GET", "/healthz").status == 200;
    if (!served) std::this_thread::sleep_for(200ms);
  }
  CHECK(served);
  drain(server, 300ms);
  CHECK_THAT(server.output(), Catch::Contains("accepting again after"));
  // The metrics listener is said in the log before "listening on".
  const auto output = server.output();
  const auto said = output.find("metrics on ");
  REQUIRE(said != std::string::npos);
  const auto metrics =
      http_request(listening_port(output.substr(said, output.find('\n', said) - said)), "GET", "/metrics");
  CHECK_THAT(metrics.body, Catch::Matches("(.|\\n)*kreds_accept_failures_total [1-9](.|\\n)*"));
}
