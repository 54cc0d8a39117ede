// The book beside the run: its experiments (GET /api/book), the preset a config is, and the
// book's per-example loop timed on this server (GET /api/book/speed), each fetched once.

import { api } from "./api.js";

let book = { presets: [], why_it_differs: "" };
const speeds = new Map();

export async function loadBook() {
  book = await api.book().catch(() => book);
  return book;
}

export const presets = () => book.presets;
export const whyItDiffers = () => book.why_it_differs;

const SAME = ["dataset", "cost", "init", "eta", "batch_size", "lmbda", "update"];

// The preset `config` runs (any seed, either generator, any share of the file), or null.
export function presetOf(config) {
  if (!config) return null;
  return book.presets.find((p) => SAME.every((k) => p.config[k] === config[k])
    && p.config.sizes.join() === (config.sizes || []).join()) || null;
}

// The book's loop for this network on this server: a promise of {seconds_per_example, ...}.
export function bookSpeed(sizes, cost) {
  const key = `${sizes.join("-")}/${cost}`;
  if (!speeds.has(key)) speeds.set(key, api.bookSpeed(sizes, cost).catch(() => null));
  return speeds.get(key);
}
