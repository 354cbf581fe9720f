// The entry point of the browser client.
import { apply, current_language, set_language, t } from './i18n.js';
import { connection } from './connection.js';

function show_language_toggle() {
  const toggle = document.getElementById('language-toggle');
  toggle.textContent = t('language_other');
  toggle.lang = t('language_other_code');
}

function show_connection(state) {
  const box = document.getElementById('connection-status');
  const text = document.getElementById('connection-text');
  box.classList.remove('alert-info', 'alert-success', 'alert-warning');
  if (state.state === 'online') {
    box.classList.add('alert-success');
    text.dataset.i18n = 'connection_online';
    text.textContent = t('connection_online');
  } else if (state.state === 'offline') {
    box.classList.add('alert-warning');
    delete text.dataset.i18n;
    text.textContent = t('connection_offline', { seconds: Math.ceil(state.retry_in_ms / 1000) });
  } else {
    box.classList.add('alert-info');
    text.dataset.i18n = 'connection_connecting';
    text.textContent = t('connection_connecting');
  }
}

apply(document);
show_language_toggle();
document.getElementById('language-toggle').addEventListener('click', () => {
  set_language(current_language() === 'da' ? 'en' : 'da');
  show_language_toggle();
});
new connection({ on_state: show_connection }).start();
