// Who of the network is online, away or offline (docs/protocol.md,
// presence.query and the presence event), for the members list. Asks again
// on every (re)connect, and tells the server "away" while the page is hidden
// (after a moment, so that leaving or reloading the page does not count)
// and "online" when it is shown again and on every connect — the server
// keeps "away" per account. Knows only the one network's people.
import { same_person } from './people.js';

export function create_presence({ socket, network_id }) {
  const people = new Map();    // account_id -> {account_id, display_name, state}
  const listeners = [];

  function changed() {
    for (const listener of listeners) listener();
  }

  function hold(entry) {
    if (!entry || entry.network_id !== network_id || !Number.isInteger(entry.account_id)) return;
    people.set(entry.account_id, { account_id: entry.account_id, display_name: String(entry.display_name ?? ''), state: String(entry.state ?? 'offline') });
  }

  async function query() {
    try {
      const reply = await socket.request('presence.query', {});
      people.clear();
      for (const entry of reply.payload?.members ?? []) hold(entry);
      changed();
    } catch {
      // Shown without presence until the next connect.
    }
  }

  let away_timer = null;
  function tell_visibility() {
    socket.request('presence.set', { state: document.visibilityState === 'hidden' ? 'away' : 'online' }).catch(() => {});
  }

  socket.on_state((state) => {
    if (state.state !== 'online') return;
    tell_visibility();
    query();
  });
  socket.on_message((message) => {
    if (message.type !== 'presence') return;
    hold(message.payload);
    changed();
  });
  document.addEventListener('visibilitychange', () => {
    clearTimeout(away_timer);
    if (document.visibilityState === 'hidden') {
      away_timer = setTimeout(() => {
        if (socket.is_online()) tell_visibility();
      }, 3000);
    } else if (socket.is_online()) {
      tell_visibility();
    }
  });

  return {
    // 'online' | 'away' | 'offline' | null (not known yet) for a member.
    state_of(member) {
      for (const person of people.values()) if (same_person(person, member)) return person.state;
      return null;
    },
    // Everyone presence knows of (members and the network's caseworker).
    people: () => [...people.values()],
    on_change: (listener) => listeners.push(listener),
  };
}
