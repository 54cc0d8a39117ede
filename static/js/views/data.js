// The data view: points with the decision boundary for a 2-D set, images for digits and mnist,
// parallel coordinates and a table for an uploaded table of other widths. It swaps its inner
// view when a session of another kind starts.

import { createImagesView } from "./images.js";
import { createPointsView } from "./points.js";
import { createTableView } from "./table.js";

const VIEWS = {
  points: [createPointsView, "Data and decision boundary"],
  table: [createTableView, "Data: each row a line across its inputs"],
  image: [createImagesView, "Example and first layer"],
};

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
  el.addEventListener("chart-resize", () => invalidate(view)); // a chart's box resized (canvas.js)

  bus.on("session", (session) => {
    const next = session.info.kind;
    if (next === kind && inner) return;
    if (inner && inner.destroy) inner.destroy();
    el.replaceChildren();
    kind = next;
    const [make, title] = VIEWS[kind] || VIEWS.image;
    inner = make({ ...ctx, invalidate: proxy });
    setTitle(title);
    invalidate(view);
  });
  return view;
}
