// Chapter 3: cross-entropy as the true class's probability p moves. Left: the probabilities (the other classes share
// 1 - p equally). Right: the curve -ln p with the current point and its slope -1/p.
// State: p_true, num_classes, true_class. Numbers as helpers.explorers.cross_entropy.cross_entropy_readout.
import { argmax, binding, fill, fixed, frame, grid, h, liveRegion, num, numberControl, pathData, show, svg, tableBox, watch } from "./kit.js";

function render({ model, el }) {
  const n = model.get("num_classes");
  const truth = model.get("true_class");
  const live = liveRegion();
  const control = numberControl({
    label: `probability of the true class ${truth}`, min: 0.01, max: 1, step: 0.01, boxMin: 1e-12, boxMax: 1,
    digits: 4, ...binding(model, "p_true"),
  });
  const bars = frame({
    width: 260, height: 210, x: { domain: [0, n] }, y: { domain: [0, 1] }, yTicks: [0, 0.5, 1], yLabel: "probability",
    xLabel: "class",
  });
  const rects = Array.from({ length: n }, (_, i) => {
    const rect = bars.root.appendChild(svg("rect", { class: i === truth ? "cx-bar cx-highlight" : "cx-bar" }));
    const label = bars.root.appendChild(svg("text", { "text-anchor": "middle", "data-num": `bar${i}` }));
    bars.root.append(svg("text", { x: bars.x(i + 0.5), y: bars.bottom + 15, "text-anchor": "middle" }, i === truth ? `${i} (true)` : String(i)));
    return { rect, label };
  });
  const curve = frame({
    width: 330, height: 210, x: { domain: [0.01, 1] }, y: { domain: [0, 4.7] }, xTicks: [0.2, 0.4, 0.6, 0.8, 1],
    yTicks: [0, 1, 2, 3, 4], xLabel: "p (true class)", yLabel: "loss −ln p",
  });
  const xs = grid(0.01, 1, 200);
  curve.root.append(svg("path", { class: "cx-line cx-c1", d: pathData(curve, xs, xs.map((p) => -Math.log(p))) }));
  const tangent = curve.root.appendChild(svg("line", { class: "cx-tangent" }));
  const dot = curve.root.appendChild(svg("circle", { r: 5, class: "cx-dot cx-c2" }));

  const table = tableBox(
    ["The probabilities"],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, ...Array.from({ length: n }, (_, i) => h("th", { scope: "col" }, i === truth ? `class ${i} (true)` : `class ${i}`)))),
      h("tbody", {}, h("tr", {}, ...Array.from({ length: n }, (_, i) => h("td", {}, num(`p${i}`))))),
    ),
  );
  const facts = h(
    "p",
    { class: "cx-verdict" },
    "loss = −ln ", num("ptrue"), " = ", num("loss"), "; slope d loss / d p = −1/p = ", num("slope"),
    ". Prediction: class ", num("predicted"), " (", num("verdict"), ").",
  );
  fill(
    el,
    h("fieldset", { class: "cx-controls" }, h("legend", {}, "The true class's probability"), control.element),
    h("div", { class: "cx-row" }, h("figure", { class: "cx-figure" }, bars.root), h("figure", { class: "cx-figure" }, curve.root)),
    facts, table, live.element,
  );

  function update() {
    const p = model.get("p_true");
    const probs = Array.from({ length: n }, (_, i) => (i === truth ? p : (1 - p) / (n - 1)));
    const loss = -Math.log(p) + 0; // + 0 turns -0 (at p = 1) into 0
    const slope = -1 / p;
    const predicted = argmax(probs);
    probs.forEach((q, i) => {
      const x0 = bars.x(i + 0.15);
      const top = bars.y(q);
      const { rect, label } = rects[i];
      for (const [k, v] of Object.entries({ x: x0, width: bars.x(i + 0.85) - x0, y: top, height: bars.bottom - top })) rect.setAttribute(k, v);
      label.setAttribute("x", bars.x(i + 0.5));
      label.setAttribute("y", top - 4);
      show(el, `p${i}`, fixed(q, 4));
      show(el, `bar${i}`, fixed(q, 3));
    });
    const inside = curve.place(dot, p, loss, "loss");
    tangent.style.display = inside ? "" : "none";
    const dx = 0.12; // a short piece of the tangent, slope -1/p, around the point
    for (const [k, v] of Object.entries({
      x1: curve.x(p - dx), y1: curve.y(loss + dx / p), x2: curve.x(p + dx), y2: curve.y(loss - dx / p),
    })) tangent.setAttribute(k, v);
    const verdict = predicted === truth ? "right" : "wrong";
    show(el, "ptrue", fixed(p, 4));
    show(el, "loss", fixed(loss, 4));
    show(el, "slope", fixed(slope, 2));
    show(el, "predicted", String(predicted));
    show(el, "verdict", verdict);
    const summary = `p = ${fixed(p, 4)}: loss ${fixed(loss, 4)}, slope ${fixed(slope, 2)}, prediction class ${predicted}, ${verdict}`;
    bars.root.setAttribute("aria-label", `Bar chart of the class probabilities, the true class ${truth} highlighted. ${summary}.`);
    curve.root.setAttribute("aria-label", `The curve of minus ln p with the current point marked. ${summary}.`);
    live.announce(summary);
    control.sync();
  }
  return watch(model, ["p_true"], update);
}

export default { render };
