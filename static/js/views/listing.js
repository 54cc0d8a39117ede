// A Python listing as DOM: one .code-line per source line, numbered as in its file, with the
// marks of GET /api/code as data-mark, a little syntax colour, long lines wrapped under their
// own indentation (a hanging indent) so a narrow panel never hides a line's end, and docstrings
// folded to their first line until clicked.

const TOKENS = new RegExp([
  String.raw`(?<doc>"""[\s\S]*?""")`,
  String.raw`(?<comment>#[^\n]*)`,
  String.raw`(?<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')`,
  String.raw`(?<kw>\b(?:def|for|in|return|if|else|elif|not|and|or|lambda|None|True|False|with|as)\b)`,
  String.raw`(?<self>\bself\b)`,
  String.raw`(?<num>\b\d+(?:\.\d+)?\b)`,
].join("|"), "g");

// [[{text, cls}, ...] per line]: the source cut into coloured tokens, then into lines.
function tokenize(source) {
  const tokens = [];
  let at = 0;
  for (const match of source.matchAll(TOKENS)) {
    if (match.index > at) tokens.push({ text: source.slice(at, match.index), cls: "" });
    const cls = Object.entries(match.groups).find(([, v]) => v !== undefined)[0];
    tokens.push({ text: match[0], cls: cls === "doc" ? "str doc" : cls });
    at = match.index + match[0].length;
  }
  if (at < source.length) tokens.push({ text: source.slice(at), cls: "" });
  const lines = [{ tokens: [], docRest: false }];
  for (const { text, cls } of tokens) {
    text.split("\n").forEach((piece, i) => {
      if (i > 0) lines.push({ tokens: [], docRest: cls === "str doc" });
      if (piece) lines[lines.length - 1].tokens.push({ text: piece, cls });
    });
  }
  return lines;
}

// The mark each line belongs to: a multi-line statement's lines all carry its mark.
function markOfLines(marks) {
  const of = new Map();
  for (const [name, { line, end_line: end }] of Object.entries(marks)) {
    for (let n = line; n <= end; n++) if (!of.has(n)) of.set(n, name);
  }
  return of;
}

// <pre class="code"> for listing {name, file, first_line, source, marks}.
export function buildListing(listing) {
  const pre = document.createElement("pre");
  pre.className = "code";
  pre.dataset.fn = listing.name;
  const marks = markOfLines(listing.marks);
  const lines = tokenize(listing.source.replace(/\n$/, ""));
  lines.forEach(({ tokens, docRest }, i) => {
    const row = document.createElement("div");
    row.className = "code-line";
    // A docstring is folded to its first line; a click on it unfolds it.
    if (docRest) row.classList.add("doc-rest");
    else if (lines[i + 1] && lines[i + 1].docRest) row.classList.add("doc-first");
    row.dataset.line = String(i + 1);
    if (marks.has(i + 1)) row.dataset.mark = marks.get(i + 1);
    const number = document.createElement("span");
    number.className = "ln";
    number.textContent = String(listing.first_line + i);
    const text = document.createElement("span");
    text.className = "code-text";
    // The indentation becomes padding, so wrapped parts line up 4 columns further in.
    const indent = tokens.length ? tokens[0].text.match(/^ */)[0].length : 0;
    text.style.setProperty("--indent", String(indent));
    tokens.forEach(({ text: piece, cls }, t) => {
      const span = document.createElement("span");
      if (cls) span.className = cls;
      span.textContent = t === 0 ? piece.slice(indent) : piece;
      text.append(span);
    });
    row.append(number, text);
    pre.append(row);
  });
  pre.classList.add("folded");
  pre.addEventListener("click", (event) => {
    if (event.target.closest(".doc-first")) pre.classList.toggle("folded");
  });
  return pre;
}

// Light the lines of `lit` marks (the first one gets the arrow), and show `done` marks as run.
export function lightListing(pre, lit, done = []) {
  let first = true;
  for (const row of pre.querySelectorAll(".code-line")) {
    const mark = row.dataset.mark;
    const on = Boolean(mark) && lit.includes(mark);
    row.classList.toggle("lit", on);
    row.classList.toggle("done", Boolean(mark) && !on && done.includes(mark));
    row.classList.toggle("arrow", on && first && mark === lit[0]);
    if (on && mark === lit[0]) first = false;
  }
}
