// Chapter 6: NN1 versus NN2. Six controls set each network's P(dog) for each of the three images (P(cat) is the rest);
// the three metrics (classification error, MSE summed over the classes, cross-entropy) and the per-image losses follow.
// State: nn1, nn2 (P(dog) per image), labels (0 dog, 1 cat), start (the values Reset returns to).
// Numbers as helpers.explorers.nn.nn_readout.
import { entryBinding, fill, fixed, h, liveRegion, num, numberControl, percent, show, tableBox, watch } from "./kit.js";

const NAMES = ["NN1", "NN2"];
const KEYS = { NN1: "nn1", NN2: "nn2" };
const CLASSES = ["dog", "cat"];
const METRICS = [
  ["err", "classification error", 1],
  ["mse", "MSE", 2],
  ["ce", "cross-entropy", 3],
];

// Per image: the probability on the true class, right or wrong, squared error and cross-entropy.
function perImage(pDog, labels) {
  return pDog.map((p, i) => {
    const probs = [p, 1 - p];
    const truth = labels[i];
    const predicted = probs[1] > probs[0] ? 1 : 0; // argmax: a tie goes to class 0, dog
    const se = probs.reduce((s, q, k) => s + (q - (k === truth ? 1 : 0)) ** 2, 0);
    return { pTrue: probs[truth], wrong: predicted !== truth, se, ce: -Math.log(probs[truth]) };
  });
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function render({ model, el }) {
  const labels = model.get("labels");
  const live = liveRegion();
  const controls = [];
  const rows = labels.map((label, i) => {
    const pair = NAMES.map((name) => {
      const control = numberControl({
        label: `${name} P(dog) for image ${i + 1}`, min: 0, max: 1, step: 0.01, boxMin: 0, boxMax: 1,
        ...entryBinding(model, KEYS[name], i),
      });
      controls.push(control);
      return control.element;
    });
    return h("div", { class: "cx-image-row" }, h("p", { class: "cx-image-title" }, `Image ${i + 1} (true: ${CLASSES[label]})`), ...pair);
  });
  const reset = h("button", { type: "button", class: "cx-button" }, "Reset to the tutorial's values");
  reset.addEventListener("click", () => {
    const start = model.get("start");
    model.set("nn1", [...start[0]]);
    model.set("nn2", [...start[1]]);
    model.save_changes();
  });

  const bar = (key, cls) => h("span", { class: `cx-meter ${cls}`, "data-meter": key, "aria-hidden": "true" });
  const summary = tableBox(
    ["Metrics over the three images (lower is better; bars run to 100% for classification error, 2 for MSE, 3 for cross-entropy)"],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, ...["metric", "NN1", "NN2", "verdict"].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        ...METRICS.map(([key, title]) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, title),
            ...NAMES.map((name) =>
              h("td", {}, num(`${key}_${name}`), key === "err" ? h("span", {}, " (", num(`errpct_${name}`), ")") : "", bar(`${key}_${name}`, name === "NN1" ? "cx-c1" : "cx-c2")),
            ),
            h("td", {}, num(`verdict_${key}`)),
          ),
        ),
      ),
    ),
  );
  const perImageTable = tableBox(
    ["Per image: probability on the true class, squared error (SE), cross-entropy (CE)"],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, ...["image", "true", ...NAMES.flatMap((n) => [`${n} P(true)`, `${n} SE`, `${n} CE`])].map((t) => h("th", { scope: "col" }, t)))),
      h(
        "tbody",
        {},
        ...labels.map((label, i) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, String(i + 1)),
            h("td", {}, CLASSES[label]),
            ...NAMES.flatMap((n) => [
              h("td", {}, num(`pt_${n}_${i}`), " (", num(`mark_${n}_${i}`), ")"),
              h("td", {}, num(`se_${n}_${i}`)),
              h("td", {}, num(`ce_${n}_${i}`)),
            ]),
          ),
        ),
      ),
    ),
  );
  fill(
    el,
    h("fieldset", { class: "cx-controls cx-controls-wide" }, h("legend", {}, "Each network's P(dog) per image"), ...rows, reset),
    summary,
    perImageTable,
    live.element,
  );

  function update() {
    const metrics = {};
    for (const name of NAMES) {
      const items = perImage(model.get(KEYS[name]), labels);
      metrics[name] = { err: mean(items.map((r) => (r.wrong ? 1 : 0))), mse: mean(items.map((r) => r.se)), ce: mean(items.map((r) => r.ce)) };
      items.forEach((r, i) => {
        show(el, `pt_${name}_${i}`, fixed(r.pTrue, 2));
        show(el, `mark_${name}_${i}`, r.wrong ? "wrong" : "right");
        show(el, `se_${name}_${i}`, fixed(r.se, 4));
        show(el, `ce_${name}_${i}`, fixed(r.ce, 4));
      });
      show(el, `errpct_${name}`, percent(metrics[name].err));
    }
    for (const [key, , scale] of METRICS) {
      const [a, b] = NAMES.map((n) => metrics[n][key]);
      // math.isclose(a, b, abs_tol=1e-12): an infinity is close only to itself
      const close = Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 1e-12);
      const tie = a === b || close;
      show(el, `verdict_${key}`, tie ? "tie" : a < b ? "NN1 lower" : "NN2 lower");
      for (const name of NAMES) {
        const value = metrics[name][key];
        show(el, `${key}_${name}`, fixed(value, 4));
        const width = Number.isFinite(value) ? Math.min(100, (100 * value) / scale) : 100;
        el.querySelector(`[data-meter="${key}_${name}"]`).style.width = `${width.toFixed(1)}%`;
      }
    }
    live.announce(
      NAMES.map((n) => `${n}: error ${percent(metrics[n].err)}, MSE ${fixed(metrics[n].mse, 4)}, cross-entropy ${fixed(metrics[n].ce, 4)}`).join("; "),
    );
    controls.forEach((c) => c.sync());
  }
  return watch(model, ["nn1", "nn2"], update);
}

export default { render };
