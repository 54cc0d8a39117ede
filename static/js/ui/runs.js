// Download run / Open run: the run as a .json file (GET .../export), and a file back into a run
// (POST /api/sessions/import, a new session that goes on exactly where the file left it).

import { api } from "../api.js";

const lower = (text) => text.charAt(0).toLowerCase() + text.slice(1);

function fileName(model) {
  const c = model.session.config;
  const at = model.position ? `-epoch${model.position.epoch + 1}-batch${model.position.batch + 1}` : "";
  return `nabla-${c.dataset}-${c.sizes.join("-")}${at}.json`;
}

// The file's text goes to the server as it is: its numbers are read back with every bit.
export function createRunFiles(el, { model, notify, onOpen }) {
  const download = el.querySelector("[data-act='download-run']");
  const input = el.querySelector("input[type='file']");

  download.addEventListener("click", async () => {
    if (!model.session) return;
    try {
      const text = await api.exportRun(model.session.id);
      const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName(model);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      notify(`Download run: ${error.message}`, { kind: "error" });
    }
  });

  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = ""; // the same file may be opened again
    if (!file) return;
    try {
      await onOpen(await file.text());
      notify(`Opened ${file.name}: the run goes on from where it was saved.`);
    } catch (error) {
      // The server checks the file field by field ("format is missing"): said as what it means.
      const notRun = error.status === 422 || error.status === 400;
      notify(notRun
        ? `${file.name} is not a run saved by Nabla (${lower(error.message)}). Open run reads the `
          + ".json files that Download run writes."
        : `${file.name}: ${error.message}`, { kind: "error" });
    }
  });
}
