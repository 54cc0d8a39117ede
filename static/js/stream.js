// The WebSocket of one session (or of a group, compare mode: `group: true`, JSON only):
// factored frames decoded, control actions sent as JSON.
// The page says how many messages it has handled ("seen", a few times a second): the server
// plays only a few steps ahead of it, so what is shown stays close to the server and a pause
// answers at once (app/web/outbox.py).

import { decodeFrame, framesOf } from "./frames.js";

const SEEN_MS = 50; // at most 20 "seen" a second: well under the server's message rate limit

export function openStream(id, { detail = "full", format = "factored", group = false, onMessage, onClosed }) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  // pack=1: the binary frames waiting together come as one message (fewer tasks for the page)
  const query = group ? `detail=${detail}` : `detail=${detail}&format=${format}&pack=1`;
  const where = `${group ? "groups" : "sessions"}/${encodeURIComponent(id)}`;
  const url = `${scheme}://${location.host}/api/${where}/stream?${query}`;
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  const queue = [];
  const frames = {}; // the decoder's cache: the last factored example, to add the next one to
  let closing = false;
  let handled = 0; // messages handled so far
  let ack = null;

  socket.addEventListener("open", () => {
    while (queue.length) socket.send(queue.shift());
  });
  // counted first: a message whose handler throws is handled all the same
  const handle = (message) => {
    handled += 1;
    onMessage(message);
  };
  socket.addEventListener("message", (event) => {
    if (typeof event.data === "string") handle(JSON.parse(event.data));
    else {
      // a pack's frames one after another; one that throws does not lose the others
      let failed = null;
      for (const [offset, length] of framesOf(event.data)) {
        try {
          handle(decodeFrame(event.data, frames, offset, length));
        } catch (error) {
          failed ||= error;
        }
      }
      if (failed) throw failed;
    }
    ack ||= setTimeout(() => {
      ack = null;
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ action: "seen", count: handled }));
    }, SEEN_MS);
  });
  socket.addEventListener("close", (event) => {
    if (!closing && onClosed) onClosed(event.code, event.reason);
  });

  return {
    send(action) {
      const text = JSON.stringify(action);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else if (socket.readyState === WebSocket.CONNECTING) queue.push(text);
    },
    close() {
      closing = true;
      clearTimeout(ack);
      socket.close(1000, "page moved on");
    },
    get open() {
      return socket.readyState === WebSocket.OPEN;
    },
  };
}
