// The data sets the page knows: the server's catalogue, and your own uploaded ones (ui/userdata.js)
// as they are made or met (a reload of a run on one).

import { api } from "./api.js";

export function createDatasets(catalogue) {
  const uploads = new Map(); // by name
  const infoOf = (name) => catalogue.find((d) => d.name === name) || uploads.get(name);
  return {
    catalogue,
    infoOf,
    add(info) {
      uploads.set(info.name, info);
    },
    // A data set's description, uploaded ones included (fetched when not known yet); null if gone.
    async infoFor(name) {
      if (infoOf(name)) return infoOf(name);
      const info = name.startsWith("user-") ? await api.dataset(name).catch(() => null) : null;
      if (info) uploads.set(info.name, info);
      return info;
    },
  };
}
