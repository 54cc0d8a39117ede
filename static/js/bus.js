// A tiny event bus: modules publish topics, views subscribe to the ones they draw.
// Topics: "session" (a new run), "example", "update", "epoch", "edit" (a weight set by hand),
// "progress" (of a long step), "stopped" (play met a stop condition), "network" (new weights),
// "state" (counters, playing), "selection", "predict", "data", "busy".

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
