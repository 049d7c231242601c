// Chapter 1: argmax versus softmax as logit z0 passes the others. Left: the one-hot output for class 0 (a step) and
// softmax's p0 (smooth) against z0. Right: their derivatives with respect to z0 (0 and p0 (1 - p0)).
// State: logits (three numbers). Numbers as helpers.explorers.argmax.argmax_readout.
import { argmax, entryBinding, fill, fixed, frame, grid, h, legendItem, liveRegion, num, numberControl, pathData, show, softmax, svg, tableBox, watch } from "./kit.js";

const LOW = -5;
const HIGH = 5;

function render({ model, el }) {
  const live = liveRegion();
  const controls = [0, 1, 2].map((i) =>
    numberControl({
      label: i === 0 ? "logit z0 (the one that moves)" : `logit z${i}`, min: LOW, max: HIGH, step: 0.1,
      ...entryBinding(model, "logits", i),
    }),
  );
  const outputs = frame({
    width: 300, height: 200, x: { domain: [LOW, HIGH] }, y: { domain: [-0.05, 1.05] }, xTicks: [-4, -2, 0, 2, 4],
    yTicks: [0, 0.5, 1], xLabel: "z0", title: "output for class 0",
  });
  const slopes = frame({
    width: 300, height: 200, x: { domain: [LOW, HIGH] }, y: { domain: [-0.02, 0.3] }, xTicks: [-4, -2, 0, 2, 4],
    yTicks: [0, 0.1, 0.2, 0.3], xLabel: "z0", title: "derivative with respect to z0",
  });
  const line = (chart, cls) => chart.root.appendChild(svg("path", { class: `cx-line ${cls}` }));
  const step = line(outputs, "cx-c1");
  const smooth = line(outputs, "cx-c2");
  const flat = line(slopes, "cx-c1");
  const bump = line(slopes, "cx-c2");
  const jump = slopes.root.appendChild(svg("line", { class: "cx-guide" }));
  const dots = [outputs, outputs, slopes, slopes].map((chart, i) =>
    chart.root.appendChild(svg("circle", { r: 4.5, class: `cx-dot ${i % 2 ? "cx-c2" : "cx-c1"}` })),
  );

  const table = tableBox(
    ["At the current logits"],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, h("td"), ...["class 0", "class 1", "class 2"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        h("tr", {}, h("th", { scope: "row" }, "logit z"), ...[0, 1, 2].map((i) => h("td", {}, num(`z${i}`)))),
        h("tr", {}, h("th", { scope: "row" }, "one-hot(argmax z)"), ...[0, 1, 2].map((i) => h("td", {}, num(`onehot${i}`)))),
        h("tr", {}, h("th", { scope: "row" }, "softmax(z)"), ...[0, 1, 2].map((i) => h("td", {}, num(`p${i}`)))),
      ),
    ),
  );
  const facts = h(
    "p",
    { class: "cx-verdict" },
    "argmax = ", num("argmax"), ". Derivative of the one-hot output for class 0: ", num("donehot0"),
    ". Derivative of softmax's p0: p0 (1 − p0) = ", num("dp0"), ".",
  );
  fill(
    el,
    h("fieldset", { class: "cx-controls" }, h("legend", {}, "Logits"), ...controls.map((c) => c.element)),
    h(
      "div",
      { class: "cx-row" },
      h("figure", { class: "cx-figure" }, outputs.root),
      h("figure", { class: "cx-figure" }, slopes.root),
    ),
    h("p", { class: "cx-legend" }, legendItem("cx-c1", "argmax: one-hot output (a step)"), legendItem("cx-c2", "softmax p0 (smooth)")),
    facts, table, live.element,
  );

  const xs = grid(LOW, HIGH, 201);
  function update() {
    const z = model.get("logits");
    const others = Math.max(z[1], z[2]);
    const p0At = (v) => softmax([v, z[1], z[2]])[0];
    const below = xs.filter((v) => v < others);
    const above = xs.filter((v) => v >= others);
    // The step: 0 while z0 is below the largest other logit, 1 from the tie on (the first index wins a tie).
    step.setAttribute("d", pathData(outputs, below, below.map(() => 0)) + pathData(outputs, above, above.map(() => 1)));
    smooth.setAttribute("d", pathData(outputs, xs, xs.map(p0At)));
    flat.setAttribute("d", pathData(slopes, xs, xs.map(() => 0)));
    bump.setAttribute("d", pathData(slopes, xs, xs.map((v) => p0At(v) * (1 - p0At(v)))));
    const jx = slopes.x(others);
    for (const [k, v] of Object.entries({ x1: jx, x2: jx, y1: slopes.top, y2: slopes.bottom })) jump.setAttribute(k, v);
    jump.style.display = others >= LOW && others <= HIGH ? "" : "none";

    const p = softmax(z);
    const best = argmax(z);
    const hot = [0, 1, 2].map((i) => (i === best ? 1 : 0));
    const dp0 = p[0] * (1 - p[0]);
    [
      [z[0], hot[0]], [z[0], p[0]], [z[0], 0], [z[0], dp0],
    ].forEach(([x, y], i) => {
      const chart = i < 2 ? outputs : slopes;
      dots[i].setAttribute("cx", chart.x(x));
      dots[i].setAttribute("cy", chart.y(y));
    });
    z.forEach((v, i) => {
      show(el, `z${i}`, fixed(v, 2));
      show(el, `p${i}`, fixed(p[i], 4));
      show(el, `onehot${i}`, String(hot[i]));
    });
    show(el, "argmax", String(best));
    show(el, "dp0", fixed(dp0, 4));
    show(el, "donehot0", z[0] === others ? "undefined" : "0");
    const summary = `z0 = ${fixed(z[0], 2)}: argmax ${best}, one-hot output for class 0 is ${hot[0]}, p0 = ${fixed(p[0], 4)}, ` +
      `derivative of p0 ${fixed(dp0, 4)}, of the one-hot output ${z[0] === others ? "undefined" : "0"}`;
    outputs.root.setAttribute("aria-label", `Chart of the output for class 0 against z0: a step for argmax at z0 = ` +
      `${fixed(others, 2)} and a smooth softmax curve. ${summary}.`);
    slopes.root.setAttribute("aria-label", `Chart of the derivatives with respect to z0: zero for argmax, a bump ` +
      `p0 (1 - p0) for softmax. ${summary}.`);
    live.announce(summary);
    controls.forEach((c) => c.sync());
  }
  return watch(model, ["logits"], update);
}

export default { render };
