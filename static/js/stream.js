// The WebSocket of one session: factored frames decoded, control actions sent as JSON.

import { decodeFrame } from "./frames.js";

export function openStream(id, { detail = "full", format = "factored", onMessage, onClosed }) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = `detail=${detail}&format=${format}`;
  const url = `${scheme}://${location.host}/api/sessions/${encodeURIComponent(id)}/stream?${query}`;
  const socket = new WebSocket(url);
  socket.binaryType = "arraybuffer";
  const queue = [];
  const frames = {}; // the decoder's cache: the last factored example, to add the next one to
  let closing = false;

  socket.addEventListener("open", () => {
    while (queue.length) socket.send(queue.shift());
  });
  socket.addEventListener("message", (event) => {
    const message =
      typeof event.data === "string" ? JSON.parse(event.data) : decodeFrame(event.data, frames);
    onMessage(message);
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
      socket.close(1000, "page moved on");
    },
    get open() {
      return socket.readyState === WebSocket.OPEN;
    },
  };
}
