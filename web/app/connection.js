// The client's one WebSocket to /ws: connects, reconnects with exponential
// back-off (1 s doubling to 30 s, with jitter) — at once when the browser
// says the network is back — and reports its state to listeners. Messages
// are the JSON envelopes of docs/protocol.md.

export class connection {
  constructor({ on_state = () => {}, on_message = () => {} } = {}) {
    this.on_state = on_state;
    this.on_message = on_message;
    this.delay_ms = 1000;
    this.socket = null;
    this.next_id = 1;
    this.retry_timer = null;
    this.watching_network = false;
  }

  start() {
    if (!this.watching_network) {
      this.watching_network = true;
      window.addEventListener('online', () => this.retry_now());
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    this.on_state({ state: 'connecting' });
    const socket = new WebSocket(`${scheme}//${location.host}/ws`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.delay_ms = 1000;
      this.on_state({ state: 'online' });
    });
    socket.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      this.on_message(message);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      const wait = Math.round(this.delay_ms * (0.8 + Math.random() * 0.4));
      this.delay_ms = Math.min(this.delay_ms * 2, 30000);
      this.on_state({ state: 'offline', retry_in_ms: wait });
      this.retry_timer = setTimeout(() => {
        this.retry_timer = null;
        this.start();
      }, wait);
    });
  }

  // Reconnects now instead of waiting out the back-off, if a retry is pending.
  retry_now() {
    if (this.retry_timer === null) return;
    clearTimeout(this.retry_timer);
    this.retry_timer = null;
    this.delay_ms = 1000;
    this.start();
  }

  send(type, payload = {}) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return null;
    const id = `m${this.next_id++}`;
    this.socket.send(JSON.stringify({ type, id, payload }));
    return id;
  }
}
