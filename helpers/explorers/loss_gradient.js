// Chapter 5: cross-entropy versus squared error as the true class's probability p_y falls towards 0. Left: the three
// losses; right: their derivatives with respect to the true logit z_y; the current p_y marked on every curve.
// Three classes, true class 0, the other two sharing 1 - p_y: z = [ln p, ln((1 - p)/2), ln((1 - p)/2)].
// State: p_true. Numbers as helpers.explorers.loss_gradient.loss_gradient_readout.
import { binding, fill, fixed, frame, general, grid, h, legendItem, liveRegion, num, numberControl, pathData, show, softmax, svg, tableBox, watch } from "./kit.js";

const LOW = 1e-4;
const HIGH = 0.999;

// Every number for one p_y, computed from the logits as helpers does.
function losses(py) {
  const rest = Math.log((1 - py) / 2);
  const p = softmax([Math.log(py), rest, rest]);
  const y = [1, 0, 0];
  const jacobian = (i, j) => (i === j ? p[i] : 0) - p[i] * p[j];
  const ce = -Math.log(p[0]);
  const se = p.reduce((s, q, i) => s + (q - y[i]) ** 2, 0);
  const gce = p[0] - 1;
  // d/dz0 of sum_i (p_i - y_i)^2 = 2 sum_i J[i, 0] (p_i - y_i) (J is symmetric)
  const gse = 2 * p.reduce((s, q, i) => s + jacobian(0, i) * (q - y[i]), 0);
  const gse1 = -2 * (1 - p[0]) * jacobian(0, 0);
  return { p, ce, se1: (1 - p[0]) ** 2, se, gce, gse1, gse };
}

function render({ model, el }) {
  const live = liveRegion();
  const control = numberControl({
    label: "probability p_y of the true class", min: LOW, max: HIGH, log: true, boxMin: 1e-12, boxMax: 0.999999,
    digits: 6, ...binding(model, "p_true"),
  });
  const ticks = [0.0001, 0.001, 0.01, 0.1, 1];
  const left = frame({
    width: 320, height: 220, x: { domain: [LOW, 1], log: true }, y: { domain: [0, 10] }, xTicks: ticks,
    yTicks: [0, 2, 4, 6, 8, 10], xLabel: "p_y (log scale)", title: "loss",
  });
  const right = frame({
    width: 320, height: 220, x: { domain: [LOW, 1], log: true }, y: { domain: [-1.05, 0.05] }, xTicks: ticks,
    yTicks: [-1, -0.5, 0], xLabel: "p_y (log scale)", title: "derivative with respect to z_y",
  });
  const xs = grid(LOW, HIGH, 160, true);
  const all = xs.map(losses);
  const series = [
    ["ce", "gce", "cx-c1"],
    ["se1", "gse1", "cx-c3"],
    ["se", "gse", "cx-c2"],
  ];
  const dots = [];
  for (const [loss, gradient, cls] of series) {
    left.root.append(svg("path", { class: `cx-line ${cls}`, d: pathData(left, xs, all.map((r) => r[loss])) }));
    right.root.append(svg("path", { class: `cx-line ${cls}`, d: pathData(right, xs, all.map((r) => r[gradient])) }));
    dots.push([left, loss, left.root.appendChild(svg("circle", { r: 4.5, class: `cx-dot ${cls}` }))]);
    dots.push([right, gradient, right.root.appendChild(svg("circle", { r: 4.5, class: `cx-dot ${cls}` }))]);
  }
  const cursorL = left.root.appendChild(svg("line", { class: "cx-guide" }));
  const cursorR = right.root.appendChild(svg("line", { class: "cx-guide" }));

  const cell = (key) => h("td", {}, num(key));
  const table = tableBox(
    ["At p_y = ", num("py")],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, h("td"), ...["loss", "∂ loss / ∂z_y"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        h("tr", {}, h("th", { scope: "row" }, "cross-entropy −ln p_y"), cell("ce"), cell("gce")),
        h("tr", {}, h("th", { scope: "row" }, "squared error, true class (1 − p_y)²"), cell("se1"), cell("gse1")),
        h("tr", {}, h("th", { scope: "row" }, "squared error, all classes"), cell("se"), cell("gse")),
      ),
    ),
  );
  const facts = h(
    "p",
    { class: "cx-verdict" },
    "Cross-entropy's gradient is ", num("ratio1"), " times the true-class squared error's and ", num("ratio"),
    " times the all-classes squared error's.",
  );
  fill(
    el,
    h("fieldset", { class: "cx-controls" }, h("legend", {}, "How sure the model is of the true class"), control.element),
    h("div", { class: "cx-row" }, h("figure", { class: "cx-figure" }, left.root), h("figure", { class: "cx-figure" }, right.root)),
    h(
      "p",
      { class: "cx-legend" },
      legendItem("cx-c1", "cross-entropy"), legendItem("cx-c3", "squared error, true class"),
      legendItem("cx-c2", "squared error, all classes"),
    ),
    facts, table, live.element,
  );

  function update() {
    const py = model.get("p_true");
    const r = losses(py);
    for (const [chart, key, dot] of dots) chart.place(dot, py, r[key], key);
    for (const [chart, line] of [[left, cursorL], [right, cursorR]]) {
      for (const [k, v] of Object.entries({ x1: chart.x(py), x2: chart.x(py), y1: chart.top, y2: chart.bottom })) line.setAttribute(k, v);
    }
    show(el, "py", general(py, 4));
    for (const key of ["ce", "se1", "se", "gce", "gse1", "gse"]) show(el, key, fixed(r[key], 4));
    show(el, "ratio1", general(r.gce / r.gse1, 3));
    show(el, "ratio", general(r.gce / r.gse, 3));
    const summary = `p_y = ${general(py, 4)}: cross-entropy ${fixed(r.ce, 4)} with gradient ${fixed(r.gce, 4)}; ` +
      `squared error ${fixed(r.se, 4)} with gradient ${fixed(r.gse, 4)}`;
    left.root.setAttribute("aria-label", `The three losses against p_y, the current point marked. ${summary}.`);
    right.root.setAttribute("aria-label", `Their derivatives with respect to the true logit against p_y. ${summary}.`);
    live.announce(summary);
    control.sync();
  }
  return watch(model, ["p_true"], update);
}

export default { render };
