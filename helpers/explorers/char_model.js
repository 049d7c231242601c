// Chapter 7: the trained character model, running in the page. Type a prompt; the model reads it from a zero state
// (h_t = tanh(W x_t + U h_{t-1} + b)), its logits z = V h + c go through softmax(z / T), and the page lists the most
// likely next characters and draws a seeded sample. The weights come in the state (packed by
// helpers.explorers.char_model.export_char_model when the chapter is executed).
// State: weights, hidden_size, vocab, prompt, temperature, seed, length. Numbers as helpers.explorers.char_model.char_readout.
import { binding, fill, fixed, frame, general, h, liveRegion, newId, num, numberControl, show, softmax, svg, tableBox, watch } from "./kit.js";

const TOP = 8;
const SHOWN = { " ": "␣", "\n": "↵", "\t": "⇥" };

// The same generator as helpers.explorers.char_model.mulberry32.
function mulberry32(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unpack(weights, v, hsize) {
  const bytes = Uint8Array.from(atob(weights), (c) => c.charCodeAt(0));
  const flat = new Float32Array(bytes.buffer);
  let at = 0;
  const take = (n) => Float64Array.from(flat.subarray(at, (at += n)));
  return { W: take(hsize * v), U: take(hsize * hsize), b: take(hsize), V: take(v * hsize), c: take(v), v, hsize };
}

function step(net, hPrev, token) {
  const { W, U, b, v, hsize } = net;
  const next = new Float64Array(hsize);
  for (let i = 0; i < hsize; i++) {
    let s = 0;
    for (let j = 0; j < hsize; j++) s += U[i * hsize + j] * hPrev[j];
    next[i] = Math.tanh(W[i * v + token] + s + b[i]);
  }
  return next;
}

function logits(net, hState) {
  const out = [];
  for (let k = 0; k < net.v; k++) {
    let s = 0;
    for (let j = 0; j < net.hsize; j++) s += net.V[k * net.hsize + j] * hState[j];
    out.push(s + net.c[k]);
  }
  return out;
}

function render({ model, el }) {
  const vocab = model.get("vocab");
  const index = new Map(vocab.map((ch, i) => [ch, i]));
  const net = unpack(model.get("weights"), vocab.length, model.get("hidden_size"));
  const live = liveRegion();

  const promptId = newId("cx-prompt");
  const prompt = h("input", { type: "text", id: promptId, class: "cx-text", spellcheck: "false", autocomplete: "off" });
  prompt.addEventListener("input", () => binding(model, "prompt").write(prompt.value));
  const temperature = numberControl({ label: "temperature T", min: 0.05, max: 5, log: true, boxMin: 0.01, boxMax: 100, ...binding(model, "temperature") });
  const seedId = newId("cx-seed");
  const seed = h("input", { type: "number", id: seedId, class: "cx-box", step: "1", min: "0", inputmode: "numeric" });
  seed.addEventListener("input", () => {
    const value = Number(seed.value);
    if (Number.isInteger(value) && value >= 0) binding(model, "seed").write(value);
  });
  const another = h("button", { type: "button", class: "cx-button" }, "Draw another sample (next seed)");
  another.addEventListener("click", () => binding(model, "seed").write(model.get("seed") + 1));

  const chart = frame({
    width: 360, height: 200, x: { domain: [0, TOP] }, y: { domain: [0, 1] }, yTicks: [0, 0.5, 1],
    yLabel: "probability", xLabel: "next character (most likely first)",
  });
  const bars = Array.from({ length: TOP }, (_, r) => {
    const rect = chart.root.appendChild(svg("rect", { class: r === 0 ? "cx-bar cx-highlight" : "cx-bar" }));
    const label = chart.root.appendChild(svg("text", { "text-anchor": "middle", "data-num": `top${r}_char`, y: chart.bottom + 15, x: chart.x(r + 0.5) }));
    return { rect, label };
  });
  const table = tableBox(
    ["The most likely next characters at T = ", num("T"), " (␣ is a space, ↵ a line break)"],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "rank"), h("th", { scope: "col" }, "character"), h("th", { scope: "col" }, "probability"))),
      h("tbody", {}, ...Array.from({ length: TOP }, (_, r) => h("tr", {}, h("th", { scope: "row" }, String(r + 1)), h("td", {}, num(`top${r}_char`)), h("td", {}, num(`top${r}_p`))))),
    ),
  );
  // The sample sits in a box of fixed height (it scrolls if a long prompt overflows it, so it takes keyboard focus):
  // a new sample then lays out and repaints that box alone, not the whole chapter around it.
  const sampleBox = h("p", { class: "cx-sample", tabindex: "0", role: "region", "aria-label": "Sampled text" }, h("span", { class: "cx-prompt" }), num("sample"));
  fill(
    el,
    h(
      "fieldset",
      { class: "cx-controls" },
      h("legend", {}, "Prompt, temperature and seed"),
      h("div", { class: "cx-field" }, h("label", { for: promptId }, "prompt"), prompt),
      temperature.element,
      h("div", { class: "cx-field" }, h("label", { for: seedId }, "seed of the sample"), seed),
      another,
    ),
    h("p", { class: "cx-note", "data-message": "" }, h("span", { "data-num": "message" }), " ", h("span", { class: "cx-unknown" }, "Characters the model does not know (skipped): ", num("unknown"))),
    h("div", { class: "cx-row" }, h("figure", { class: "cx-figure" }, chart.root), table),
    h("p", { class: "cx-note" }, "A sample of ", String(model.get("length")), " characters after the prompt:"),
    sampleBox, live.element,
  );

  function update() {
    const text = model.get("prompt");
    const T = model.get("temperature");
    const ids = [...text].filter((ch) => index.has(ch)).map((ch) => index.get(ch));
    const unknown = [...new Set([...text].filter((ch) => !index.has(ch)))].join("");
    show(el, "T", general(T, 3));
    show(el, "unknown", unknown);
    el.querySelector(".cx-unknown").hidden = unknown === "";
    if (document.activeElement !== prompt) prompt.value = text;
    if (document.activeElement !== seed) seed.value = String(model.get("seed"));
    temperature.sync();
    sampleBox.firstChild.textContent = text;
    if (ids.length === 0) {
      show(el, "message", "Type at least one character the model knows.");
      show(el, "sample", "");
      for (let r = 0; r < TOP; r++) {
        show(el, `top${r}_char`, "");
        show(el, `top${r}_p`, "");
        bars[r].rect.setAttribute("height", 0);
      }
      live.announce("Type at least one character the model knows.");
      return;
    }
    show(el, "message", "");
    let state = new Float64Array(net.hsize);
    for (const token of ids) state = step(net, state, token);
    const p = softmax(logits(net, state), T);
    const order = p.map((q, i) => i).sort((i, j) => p[j] - p[i]).slice(0, TOP); // stable: ties keep vocabulary order
    order.forEach((i, r) => {
      const top = chart.y(p[i]);
      const x0 = chart.x(r + 0.12);
      for (const [k, v] of Object.entries({ x: x0, width: chart.x(r + 0.88) - x0, y: top, height: chart.bottom - top })) bars[r].rect.setAttribute(k, v);
      show(el, `top${r}_char`, SHOWN[vocab[i]] ?? vocab[i]);
      show(el, `top${r}_p`, fixed(p[i], 4));
    });
    // The sample: draw u, take the first character whose cumulative probability exceeds it, feed it back in.
    const rng = mulberry32(model.get("seed"));
    let out = "";
    let hState = state;
    for (let n = 0; n < model.get("length"); n++) {
      const q = softmax(logits(net, hState), T);
      const u = rng();
      let total = 0;
      let choice = q.length - 1;
      for (let i = 0; i < q.length; i++) {
        total += q[i];
        if (u < total) {
          choice = i;
          break;
        }
      }
      out += vocab[choice];
      hState = step(net, hState, choice);
    }
    show(el, "sample", out);
    const tops = order.slice(0, 3).map((i) => `${SHOWN[vocab[i]] ?? vocab[i]} ${fixed(p[i], 4)}`).join(", ");
    chart.root.setAttribute("aria-label", `Bar chart of the ${TOP} most likely next characters at T = ${general(T, 3)}; the top three: ${tops}.`);
    live.announce(`Most likely next characters at T = ${general(T, 3)}: ${tops}.`);
  }
  return watch(model, ["prompt", "temperature", "seed"], update);
}

export default { render };
