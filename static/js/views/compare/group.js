// The group compare mode trains: a new one, or, right after a reload or Back, the one this
// history entry was comparing (its id is kept in the entry's state, not in the address, as the
// single run's is: config.js), when the server still has it for the same configuration.

import { api } from "../../api.js";
import { remember, remembered } from "../../config.js";

const SHARED = ["dataset", "sizes", "n_train", "n_test", "noise", "activation", "cost", "init", "lmbda", "seed"];
const VARIANT = ["update", "batch_size", "eta"];

// Whether group `found` is the one POST /api/groups would make from `base` and `variants`.
function fits(found, base, variants) {
  if (found.sessions.length !== variants.length) return false;
  return found.sessions.every((s, i) => {
    const want = { ...base, ...variants[i] };
    return [...SHARED, ...VARIANT].every((k) => want[k] === undefined
      || JSON.stringify(s.config[k]) === JSON.stringify(want[k]));
  });
}

export function createGroups({ status }) {
  let first = true; // only the first group of a page load may be an earlier one

  async function earlier(base, variants) {
    const id = first ? remembered().group : null;
    first = false;
    if (!id) return null;
    const found = await api.group(id).catch(() => null);
    if (found && fits(found, base, variants)) {
      status.say("compare", "Back to the same comparison, as the server has it: every run where it was.");
      return found;
    }
    if (found) api.deleteGroup(found.id).catch(() => {});
    status.say("compare", "The comparison this page showed is no longer on the server (its runs end when " +
      "unused for a while): these runs are new, from the start, with the same configuration.", "warning");
    return null;
  }

  return {
    // {group, resumed}: the group to show for `base` and `variants`.
    async open(base, variants) {
      const found = await earlier(base, variants);
      const group = found || await api.createGroup({ ...base, variants });
      return { group, resumed: Boolean(found) };
    },
    shown(id) {
      remember({ group: id });
    },
  };
}
