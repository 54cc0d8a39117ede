// The REST API (see app/web/protocol.py): JSON in and out, errors as ApiError (in plain words).

import { plain, plainField } from "./words.js";

export class ApiError extends Error {
  constructor(message, { status = 0, field = null, kind = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
    this.kind = kind; // pydantic's error type ("missing", ...) when the server named one
  }
}

// FastAPI's 422 lists {loc, msg}; other errors carry {detail: "text"}.
function errorOf(status, body) {
  const detail = body && body.detail;
  if (Array.isArray(detail) && detail.length) {
    const first = detail[0];
    const loc = (first.loc || []).filter((p) => p !== "body" && typeof p === "string"); // no indices
    const field = loc.length ? String(loc[loc.length - 1]) : null;
    const msg = String(first.msg || "invalid value");
    const text = field && !msg.startsWith(field) ? plainField(field, msg, first.type) : plain(msg);
    return new ApiError(text, { status, field, kind: first.type || null });
  }
  const text = typeof detail === "string" ? plain(detail) : `The server answered ${status}.`;
  return new ApiError(text, { status });
}

// The body as text (a saved run is kept as the server wrote it: every float exact).
async function requestText(path) {
  let response;
  try {
    response = await fetch(path);
  } catch (error) {
    throw new ApiError(`cannot reach the server (${error.message})`);
  }
  const text = await response.text();
  if (!response.ok) throw errorOf(response.status, JSON.parse(text || "null"));
  return text;
}

// A JSON body goes as it is when it is a string already (a saved run: every float exact); any
// other type (a CSV file) goes as it is.
async function request(method, path, body, type = "application/json") {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers["Content-Type"] = type;
    const json = type === "application/json" && typeof body !== "string";
    init.body = json ? JSON.stringify(body) : body;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(`cannot reach the server (${error.message})`);
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) throw errorOf(response.status, data);
  return data;
}

let codeAnswer = null; // GET /api/code's promise, once asked

const base = (id) => `/api/sessions/${encodeURIComponent(id)}`;

export const api = {
  datasets: () => request("GET", "/api/datasets"),
  // The book's MNIST file: its state on the server, and its download (one, however many ask).
  mnist: () => request("GET", "/api/data/mnist"),
  downloadMnist: () => request("POST", "/api/data/mnist"),
  book: () => request("GET", "/api/book"),
  bookSpeed: (sizes, cost) => request("GET", `/api/book/speed?sizes=${sizes.join("-")}&cost=${cost}`),
  // The engine's source does not change while the server runs: asked once (the code and the
  // matrix views both read it), asked again only after a failure.
  code: () => {
    codeAnswer ||= request("GET", "/api/code").catch((error) => {
      codeAnswer = null;
      throw error;
    });
    return codeAnswer;
  },
  dataset: (name) => request("GET", `/api/datasets/${encodeURIComponent(name)}`),
  // Your own data: a CSV File sent as it is, or {rows, name}; the answer names its id.
  uploadCsv: (file, name) => request("POST", `/api/datasets?name=${encodeURIComponent(name)}`, file, "text/csv"),
  uploadRows: (body) => request("POST", "/api/datasets", body),
  csvURL: (name, query) => `/api/datasets/${encodeURIComponent(name)}/csv?${query}`,
  preview: (name) => request("GET", `/api/datasets/${encodeURIComponent(name)}/preview`),
  createSession: (config) => request("POST", "/api/sessions", config),
  deleteSession: (id) => request("DELETE", base(id)),
  createGroup: (body) => request("POST", "/api/groups", body),
  stepGroup: (id, body) => request("POST", `/api/groups/${encodeURIComponent(id)}/step`, body),
  resetGroup: (id) => request("POST", `/api/groups/${encodeURIComponent(id)}/reset`, {}),
  deleteGroup: (id) => request("DELETE", `/api/groups/${encodeURIComponent(id)}`),
  group: (id) => request("GET", `/api/groups/${encodeURIComponent(id)}`),
  session: (id) => request("GET", base(id)),
  network: (id) => request("GET", `${base(id)}/network`),
  landscape: (id, query) => request("GET", `${base(id)}/landscape?${query}`),
  // Why sum at all (routers/gradient.py): ∇C over the training set, the mini-batch's estimate,
  // the noise against m, and the loop beside the matrix form.
  gradient: (id, over, at = "current") => request("GET", `${base(id)}/gradient?over=${over}&at=${at}`),
  noise: (id, k = 20, seed = 0) => request("GET", `${base(id)}/noise?k=${k}&seed=${seed}`),
  matrix: (id, batch) => request("GET", `${base(id)}/matrix?batch=${batch}`),
  history: (id) => request("GET", `${base(id)}/history`),
  // The examples of the mini-batch under way so far (detail "full" or "summary").
  batch: (id, detail) => request("GET", `${base(id)}/batch?detail=${detail}`),
  edit: (id, body) => request("POST", `${base(id)}/edit`, body),
  // η, m and λ from the next mini-batch on, in the same run (only the fields given).
  settings: (id, body) => request("PATCH", `${base(id)}/settings`, body),
  predict: (id, resolution) => request("GET", `${base(id)}/predict?resolution=${resolution}`),
  exportRun: (id) => requestText(`${base(id)}/export`),
  importRun: (text) => request("POST", "/api/sessions/import", text),
  data: (id, part, limit = 5000) => request("GET", `${base(id)}/data?part=${part}&limit=${limit}`),
};
