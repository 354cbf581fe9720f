// The network page's WebSocket: web/app/connection.js (reconnect with
// back-off) plus what the chat needs on top — listeners for each state
// change (the chat catches up on every 'online') and for every message, and
// whether the socket is open right now; and the socket is closed as soon as
// the browser reports it went offline. One per page.
import { connection } from '../connection.js';

export function create_socket() {
  const state_listeners = [];
  const message_listeners = [];
  let online = false;
  const link = new connection({
    on_state: (state) => {
      online = state.state === 'online';
      for (const listener of state_listeners) listener(state);
    },
    on_message: (message) => {
      if (!message || typeof message !== 'object' || typeof message.type !== 'string') return;
      for (const listener of message_listeners) listener(message);
    },
  });
  return {
    on_state: (listener) => state_listeners.push(listener),
    on_message: (listener) => message_listeners.push(listener),
    is_online: () => online,
    // Sends one envelope; returns its id, or null when the socket is not open.
    send: (type, payload) => (online ? link.send(type, payload) : null),
    start() {
      link.start();
      // A phone that loses its network may keep a dead socket open until TCP
      // gives up; the browser knows sooner. Closing it starts the reconnect.
      window.addEventListener('offline', () => link.socket?.close());
    },
  };
}
