// Compare mode's play: the group's socket (/api/groups/{id}/stream). The server plays, with the
// single run's play loop (app/web/player.py); the page sends play and pause, and is told each
// group step and when play ends. The socket is opened on the first play and kept for the group.

import { openStream } from "../../stream.js";

// onStep(message, id, detail) for each step message; onEnded() when play has stopped (by
// itself, refused, or the socket closed); onError(error).
export function createGroupSocket({ onStep, onEnded, onError }) {
  let socket = null; // {stream, id, detail}
  let starting = false; // a play was sent and its state (playing) has not come yet
  let pausing = false; // a pause was sent and its state (not playing) has not come yet

  function handle(message, id, detail) {
    if (message.type === "step") onStep(message, id, detail);
    else if (message.type === "state" && message.playing) starting = false;
    else if (message.type === "state") {
      pausing = false; // the state comes after the events of the step under way
      if (!starting) onEnded(); // not the greeting, nor an earlier play's end
    } else if (message.type === "error") {
      if (starting) { starting = false; onEnded(); }
      onError(new Error(message.message));
    }
  }

  function opened(id, detail) {
    if (socket && socket.id === id && socket.detail === detail) return socket.stream;
    close();
    const stream = openStream(id, { group: true, detail,
      onMessage: (message) => handle(message, id, detail),
      onClosed: (code, reason) => {
        starting = pausing = false;
        socket = null;
        onError(new Error(reason || `The comparison's connection closed (${code}).`));
        onEnded();
      } });
    socket = { stream, id, detail };
    return stream;
  }

  function close() {
    if (socket) socket.stream.close();
    socket = null;
    starting = pausing = false;
  }

  return {
    play(id, detail, unit, rate) {
      const stream = opened(id, detail);
      starting = true;
      stream.send({ action: "play", unit, rate });
    },
    pause() {
      if (!socket) return;
      pausing = true;
      socket.stream.send({ action: "pause" });
    },
    close,
    busy: () => pausing, // until the pause's state: every step before it has arrived
  };
}
