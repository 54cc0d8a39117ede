// The data view: points with the decision boundary for a 2-D set, images for digits and mnist.
// It swaps its inner view when a session of the other kind starts.

import { createImagesView } from "./images.js";
import { createPointsView } from "./points.js";

export function createDataView(ctx) {
  const { el, bus, model, invalidate, setTitle } = ctx;
  let inner = null;
  let kind = null;
  const view = {
    name: "data",
    render: (now) => (inner ? inner.render(now) : false),
    minInterval: () => (inner && inner.minInterval ? inner.minInterval() : 0),
  };
  const proxy = (v) => invalidate(view, v);

  bus.on("session", (session) => {
    const next = session.info.kind;
    if (next === kind && inner) return;
    if (inner && inner.destroy) inner.destroy();
    el.replaceChildren();
    kind = next;
    const make = kind === "points" ? createPointsView : createImagesView;
    inner = make({ ...ctx, invalidate: proxy });
    setTitle(kind === "points" ? "Data and decision boundary" : "Example and first layer");
    invalidate(view);
  });
  return view;
}
