// A tiny event bus: modules publish topics, views subscribe to the ones they draw. Topics:
// from the model (model.js): "session" (a new run), "example", "update", "epoch", "edit" (a
// weight set by hand), "progress" (of a long step), "stopped" (play met a stop condition),
// "network" (new weights), "state" (counters, playing), "reset" (the run started over), "stale"
// (what must be fetched again), "error" (the server refused a message), "selection", "predict",
// "data";
// from the session (session.js, and its fetches in feed.js): "loaded" (a run's history and
// mini-batch are in), "diverged" (training stopped), "lost" (the socket is gone for good);
// from the user-data editor (ui/userdata.js): "draft"; from the code panel (views/code.js):
// "codestep" (the step it shows, for views/rebind.js).

export function createBus() {
  const handlers = new Map();
  return {
    on(topic, fn) {
      if (!handlers.has(topic)) handlers.set(topic, new Set());
      handlers.get(topic).add(fn);
      return () => handlers.get(topic).delete(fn);
    },
    emit(topic, payload) {
      for (const fn of handlers.get(topic) || []) {
        try {
          fn(payload);
        } catch (error) {
          console.error(`bus: a "${topic}" handler failed`, error);
        }
      }
    },
  };
}
