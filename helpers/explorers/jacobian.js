// Chapter 4: the softmax Jacobian J = diag(p) - p p^T for editable logits, as a heat map with its values, the row
// sums (always 0), and the cross-entropy gradient p - y for a chosen true label.
// State: logits (three numbers), label. Numbers as helpers.explorers.jacobian.jacobian_readout.
import { binding, entryBinding, fill, fixed, h, liveRegion, newId, num, numberControl, show, softmax, svg, tableBox, watch } from "./kit.js";

const N = 3;
const CELL = 70;

// Blue for negative, red for positive entries, white at 0; |J| never exceeds 1/4.
function shade(value) {
  const t = Math.min(1, Math.abs(value) / 0.25);
  const mix = (a) => Math.round(255 + (a - 255) * t);
  return value >= 0 ? `rgb(255, ${mix(60)}, ${mix(60)})` : `rgb(${mix(40)}, ${mix(110)}, 255)`;
}

function render({ model, el }) {
  const live = liveRegion();
  const controls = [0, 1, 2].map((i) =>
    numberControl({ label: `logit z${i}`, min: -5, max: 5, step: 0.1, ...entryBinding(model, "logits", i) }),
  );
  const name = newId("cx-label");
  const label = binding(model, "label");
  const radios = [0, 1, 2].map((k) => {
    const input = h("input", { type: "radio", name, value: String(k), id: `${name}-${k}` });
    input.addEventListener("change", () => input.checked && label.write(k));
    return { input, element: h("span", { class: "cx-radio" }, input, h("label", { for: `${name}-${k}` }, `class ${k}`)) };
  });

  const size = CELL * N + 70;
  const map = svg("svg", { viewBox: `0 0 ${size} ${size}`, class: "cx-chart cx-heatmap", role: "img" });
  const cells = [];
  for (let i = 0; i < N; i++) {
    map.append(svg("text", { x: 54, y: 48 + CELL * i + CELL / 2, "text-anchor": "end", "aria-hidden": "true" }, `p${i}`));
    map.append(svg("text", { x: 64 + CELL * i + CELL / 2, y: 38, "text-anchor": "middle", "aria-hidden": "true" }, `z${i}`));
    for (let j = 0; j < N; j++) {
      const rect = svg("rect", { x: 64 + CELL * j, y: 48 + CELL * i, width: CELL - 2, height: CELL - 2, class: "cx-cell" });
      const text = svg("text", { x: 64 + CELL * j + CELL / 2 - 1, y: 48 + CELL * i + CELL / 2 + 4, "text-anchor": "middle", class: "cx-cell-text", "data-num": `J${i}${j}` });
      map.append(rect, text);
      cells.push({ i, j, rect });
    }
  }
  map.append(svg("text", { x: size / 2 + 30, y: 16, "text-anchor": "middle", class: "cx-title", "aria-hidden": "true" }, "J[i, j] = ∂p_i / ∂z_j"));

  const row = (title, key) => h("tr", {}, h("th", { scope: "row" }, title), ...[0, 1, 2].map((i) => h("td", {}, num(`${key}${i}`))));
  const table = tableBox(
    ["Probabilities, row sums of J, the label and the gradient of cross-entropy"],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, h("td"), ...[0, 1, 2].map((i) => h("th", { scope: "col" }, `class ${i}`)))),
      h("tbody", {}, row("p = softmax(z)", "p"), row("row sum of J", "row"), row("y (one-hot label)", "y"), row("∂L/∂z = p − y", "g")),
    ),
  );
  fill(
    el,
    h(
      "div",
      { class: "cx-row" },
      h(
        "div",
        { class: "cx-controls-group" },
        h("fieldset", { class: "cx-controls" }, h("legend", {}, "Logits"), ...controls.map((c) => c.element)),
        h("fieldset", { class: "cx-controls" }, h("legend", {}, "True label y"), ...radios.map((r) => r.element)),
      ),
      h("figure", { class: "cx-figure cx-figure-square" }, map),
    ),
    table, live.element,
  );

  function update() {
    const z = model.get("logits");
    const y = model.get("label");
    const p = softmax(z);
    const J = p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));
    for (const { i, j, rect } of cells) rect.setAttribute("fill", shade(J[i][j]));
    J.forEach((jr, i) => {
      jr.forEach((v, j) => show(el, `J${i}${j}`, fixed(v, 4)));
      show(el, `p${i}`, fixed(p[i], 4));
      show(el, `row${i}`, fixed(jr.reduce((a, b) => a + b, 0), 4));
      show(el, `y${i}`, i === y ? "1" : "0");
      show(el, `g${i}`, fixed(p[i] - (i === y ? 1 : 0), 4));
    });
    radios.forEach((r, k) => {
      r.input.checked = k === y;
    });
    const summary = `p = ${p.map((v) => fixed(v, 4)).join(", ")}; diagonal of J ${J.map((r, i) => fixed(r[i], 4)).join(", ")}; ` +
      `every row sums to 0; label ${y}, gradient p − y = ${p.map((v, i) => fixed(v - (i === y ? 1 : 0), 4)).join(", ")}`;
    map.setAttribute("aria-label", `Heat map of the 3 by 3 softmax Jacobian, positive entries red, negative blue. ${summary}.`);
    live.announce(summary);
    controls.forEach((c) => c.sync());
  }
  return watch(model, ["logits", "label"], update);
}

export default { render };
