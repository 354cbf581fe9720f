// The home page: the landing text and a "Log ind" link for visitors; for a
// logged-in account its role's start (seeker, caseworker or admin) and the
// WebSocket status line.
import { connection } from '../connection.js';
import { translate } from '../i18n.js';
import { start_page } from '../page_shell.js';
import { create_admin_start } from '../home/admin_start.js';
import { create_caseworker_start } from '../home/caseworker_start.js';
import { create_seeker_start } from '../home/seeker_start.js';

function show_connection(state) {
  const box = document.getElementById('connection-status');
  const text = document.getElementById('connection-text');
  box.classList.remove('alert-info', 'alert-success', 'alert-warning');
  if (state.state === 'online') {
    box.classList.add('alert-success');
    translate(text, 'connection_online');
  } else if (state.state === 'offline') {
    box.classList.add('alert-warning');
    translate(text, 'connection_offline', { seconds: Math.ceil(state.retry_in_ms / 1000) });
  } else {
    box.classList.add('alert-info');
    translate(text, 'connection_connecting');
  }
}

const starts = { seeker: create_seeker_start, caseworker: create_caseworker_start, admin: create_admin_start };

const account = await start_page();
if (account) {
  document.getElementById('visitor-start').hidden = true;
  document.getElementById('account-start').hidden = false;
  translate(document.getElementById('greeting'), 'greeting', { name: account.display_name ?? '' });
  // One WebSocket for the page; the role's start screen listens to its messages.
  const listeners = new Set();
  const start = starts[account.role];
  if (start) document.getElementById('role-start').replaceChildren(start({ on_message: (fn) => listeners.add(fn) }));
  // The WebSocket needs the session cookie, so only a logged-in account opens it.
  new connection({
    on_state: show_connection,
    on_message: (message) => listeners.forEach((fn) => fn(message)),
  }).start();
} else {
  document.getElementById('visitor-start').hidden = false;
}
