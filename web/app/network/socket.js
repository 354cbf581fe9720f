// The network page's WebSocket: web/app/connection.js (reconnect with
// back-off) plus what the page needs on top — listeners for each state
// change (every part of the page reloads on 'online') and for every
// message, whether the socket is open right now, and request(): one message
// whose reply (same envelope id) settles a promise. The socket is closed as
// soon as the browser reports it went offline. limits() holds the server's
// limits from its welcome (docs/protocol.md), or the defaults until it came.
// One per page.
import { connection } from '../connection.js';

const request_timeout_ms = 15000;
const default_limits = Object.freeze({ chat_max_characters: 2000, chat_messages_per_minute: 30 });

// The limits a welcome names, each a positive whole number, else the one held.
function read_limits(payload, held) {
  const given = payload?.limits ?? {};
  const limits = { ...held };
  for (const key of Object.keys(default_limits)) {
    if (Number.isInteger(given[key]) && given[key] > 0) limits[key] = given[key];
  }
  return Object.freeze(limits);
}

// A request that failed: the server's error payload (code, message, field,
// retry_after_seconds), or code 'offline' / 'timeout' from the client.
export class socket_error extends Error {
  constructor({ code = 'internal', message = '', field = null, retry_after_seconds = null } = {}) {
    super(message || code);
    this.name = 'socket_error';
    this.code = String(code);
    this.field = typeof field === 'string' ? field : null;
    this.retry_after_seconds = Number.isFinite(retry_after_seconds) ? retry_after_seconds : null;
  }
}

export function create_socket() {
  const state_listeners = [];
  const message_listeners = [];
  const waiting = new Map();   // envelope id -> {resolve, reject, timer}
  let online = false;
  let limits = default_limits;

  function settle_all_offline() {
    for (const [id, entry] of waiting) {
      clearTimeout(entry.timer);
      waiting.delete(id);
      entry.reject(new socket_error({ code: 'offline' }));
    }
  }

  const link = new connection({
    on_state: (state) => {
      online = state.state === 'online';
      if (!online) settle_all_offline();
      for (const listener of state_listeners) listener(state);
    },
    on_message: (message) => {
      if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
      if (message.type === 'welcome') limits = read_limits(message.payload, limits);
      const entry = typeof message.id === 'string' ? waiting.get(message.id) : undefined;
      if (entry) {
        waiting.delete(message.id);
        clearTimeout(entry.timer);
        if (message.type === 'error') entry.reject(new socket_error(message.payload ?? {}));
        else entry.resolve(message);
      }
      for (const listener of message_listeners) listener(message);
    },
  });

  return {
    on_state: (listener) => state_listeners.push(listener),
    on_message: (listener) => message_listeners.push(listener),
    is_online: () => online,
    limits: () => limits,
    // Sends one envelope; returns its id, or null when the socket is not open.
    send: (type, payload) => (online ? link.send(type, payload) : null),
    // Sends one envelope and resolves to the reply ({type, id, payload});
    // rejects with a socket_error (the server's error, 'offline' or 'timeout').
    request(type, payload = {}, { timeout_ms = request_timeout_ms } = {}) {
      return new Promise((resolve, reject) => {
        const id = online ? link.send(type, payload) : null;
        if (!id) {
          reject(new socket_error({ code: 'offline' }));
          return;
        }
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new socket_error({ code: 'timeout' }));
        }, timeout_ms);
        waiting.set(id, { resolve, reject, timer });
      });
    },
    start() {
      link.start();
      // A phone that loses its network may keep a dead socket open until TCP
      // gives up; the browser knows sooner. Closing it starts the reconnect.
      window.addEventListener('offline', () => link.socket?.close());
    },
  };
}
