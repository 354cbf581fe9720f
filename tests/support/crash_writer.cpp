// A helper process for the durability test: writes municipality rows through
// the real storage writer as fast as it can from several threads and prints
// "acked CODE" for each write the writer has acknowledged (after its commit).
// The test kills it with SIGKILL mid-burst and checks every acknowledged row
// is in the database. Stops by itself after 30 seconds.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/writer.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_writer DATABASE\n");
    return 2;
  }
  kreds::storage::database_options options{argv[1]};
  auto db = kreds::storage::open_database(options);
  if (!db || !kreds::storage::migrate(**db)) return 1;
  kreds::storage::writer writer(std::move(*db), {});

  std::atomic<bool> running{true};
  std::vector<std::thread> producers;
  for (int thread = 0; thread < 4; ++thread) {
    producers.emplace_back([&, thread] {
      std::atomic<int> in_flight{0};
      for (int i = 0; running; ++i) {
        while (in_flight > 32 && running) std::this_thread::yield();
        const std::string code = "t" + std::to_string(thread) + "-" + std::to_string(i);
        ++in_flight;
        writer.submit({[code](SQLite::Database& connection) -> kreds::result<void> {
                         SQLite::Statement insert(connection, "INSERT INTO municipality (code, name) VALUES (?, ?)");
                         insert.bind(1, code);
                         insert.bind(2, "Kommune " + code);
                         insert.exec();
                         return {};
                       },
                       [code, &in_flight](kreds::result<void> outcome) {
                         if (outcome) {
                           const std::string line = "acked " + code + "\n";
                           // write(2) is not buffered: once it returns, the line is the test's.
                           (void)!::write(STDOUT_FILENO, line.data(), line.size());
                         }
                         --in_flight;
                       }});
      }
      while (in_flight > 0) std::this_thread::yield();
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(30));
  running = false;
  for (auto& producer : producers) producer.join();
  writer.stop();
  return 0;
}
