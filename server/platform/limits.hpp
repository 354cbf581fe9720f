// Every per-connection and per-request limit of the server, in one place.
//
// Loaded from the [limits] table of the config (see config/kreds.toml, which
// documents each key); the defaults below are the documented defaults. A
// plain value, copied into each session at start; read-only after start-up.
#pragma once

#include <chrono>
#include <cstddef>

namespace kreds::platform {

struct limits {
  // HTTP
  std::size_t http_max_body_bytes = 1024 * 1024;  // larger bodies get 413
  std::size_t http_max_header_bytes = 8 * 1024;   // larger request heads get 431
  std::chrono::seconds http_request_timeout{15};  // a request not complete in time gets 408
  std::chrono::seconds http_idle_timeout{60};     // idle keep-alive connections are closed
  std::size_t max_connections = 20000;            // beyond it new connections are refused
  // File descriptors kept free of connections (database, WAL, readers,
  // logs, backups): connections are capped at RLIMIT_NOFILE minus this,
  // so the cap is reached before the operating system's limit.
  std::size_t descriptor_reserve = 64;

  // WebSocket
  std::size_t ws_max_message_bytes = 64 * 1024;  // larger messages close with 1009
  std::size_t ws_queue_messages = 512;           // outgoing messages buffered per socket
  std::size_t ws_queue_bytes = 1024 * 1024;      // outgoing bytes buffered per socket; a reply may use half
  std::chrono::seconds ws_idle_timeout{60};      // pings at half of it; silent peers are closed
  std::chrono::seconds ws_handshake_timeout{10};
  std::size_t ws_per_account = 20;  // open WebSockets one account may hold; beyond it the upgrade gets 429

  // Chat
  std::size_t chat_max_characters = 2000;     // longer messages are refused
  std::size_t chat_messages_per_minute = 30;  // per account; beyond it "slow down"
  std::size_t ws_messages_per_minute = 240;   // WebSocket messages of any type per account; beyond it rate_limited
  std::size_t ws_changes_per_minute = 120;    // of them, messages that change something (effect::changes)
  std::size_t chat_sync_batch = 500;          // messages per network per catch-up reply

  // Meetings a network may have planned ahead (not yet over, not cancelled);
  // beyond it meeting.create gets conflict, and meeting.list lists at most these.
  std::size_t meetings_ahead = 52;
  // Items in one page of a paged list reply (lead.list); the client asks for the next page.
  std::size_t list_page = 100;

  // Password hashing: jobs that may wait for the CPU queue (platform/cpu_queue.hpp);
  // beyond it a login or invitation gets 503 busy with a retry time.
  std::size_t hash_queue_max = 64;

  // Sessions: how often ended sessions are swept and their WebSockets closed
  // (4001) even when they send nothing; every message re-checks at once.
  std::chrono::seconds session_sweep_interval{30};

  // Shutdown: SIGTERM waits this long for connections to close.
  std::chrono::seconds shutdown_grace{8};
};

}  // namespace kreds::platform
