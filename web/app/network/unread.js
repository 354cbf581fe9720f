// Unread messages of the network's chat (docs/protocol.md, "Unread counts"):
// the count shows on the chat tab ("Samtale (3 ulæste)"); network.unread
// gives it on every (re)connect, other people's live messages add to it
// while the chat is not in view, and chat.read marks what the reader has
// seen whenever the chat tab is chosen and the page is visible.
export function create_unread({ socket, network_id, account, chat, tabs }) {
  let unread = 0;
  let read_sent = 0;           // the highest seq sent in chat.read (the server's mark only moves forward)
  let can_mark = true;         // false while the server answers chat.read with `unsupported`
  let timer = null;

  const in_view = () => tabs.selected() === 'chat' && document.visibilityState === 'visible';

  function show() {
    if (unread > 0) tabs.relabel('chat', 'tab_chat_unread', { count: unread });
    else tabs.relabel('chat', 'tab_chat');
  }

  async function mark_read() {
    if (!in_view() || !socket.is_online()) return;
    const seq = chat.latest_seq();
    if (seq <= read_sent || !can_mark) {
      unread = 0;
      show();
      return;
    }
    read_sent = seq;
    try {
      const reply = await socket.request('chat.read', { network_id, seq });
      unread = Number.isInteger(reply.payload?.unread) ? reply.payload.unread : 0;
    } catch (error) {
      if (error?.code === 'unsupported') can_mark = false;
      else read_sent = 0;
      unread = 0;
    }
    show();
  }

  function mark_soon() {
    clearTimeout(timer);
    timer = setTimeout(mark_read, 250);
  }

  socket.on_state(async (state) => {
    if (state.state !== 'online') return;
    can_mark = true;
    try {
      const reply = await socket.request('network.unread', {});
      const entry = (reply.payload?.networks ?? []).find((network) => network?.network_id === network_id);
      if (entry) {
        unread = Number.isInteger(entry.unread) ? entry.unread : 0;
        if (Number.isInteger(entry.read_seq)) read_sent = Math.max(read_sent, entry.read_seq);
        show();
      }
    } catch {
      // Without the server's count the page counts live messages only.
    }
    mark_soon();
  });
  socket.on_message((message) => {
    if (message.type !== 'chat.message' || message.payload?.network_id !== network_id) return;
    if (message.payload.author?.id === account.id || in_view()) return;
    unread += 1;
    show();
  });
  tabs.on_select(mark_soon);
  document.addEventListener('visibilitychange', mark_soon);
  return {
    // The chat calls this when it shows new messages.
    messages_changed: mark_soon,
    count: () => unread,
  };
}
