// Chapter 8: temperature scaling on held-out predictions. Move T: every prediction becomes softmax(z / T), its
// confidence max_i p_i falls into one of n_bins equal-width bins (lo, hi], and the reliability diagram draws each
// bin's accuracy against the diagonal where accuracy equals confidence. ECE, mean NLL and accuracy follow.
// State: logits (float32, base64, row by row), n_classes, labels, temperature, n_bins.
// Numbers as helpers.explorers.calibration.calibration_readout (with helpers.calibration's formulas).
import { argmax, binding, fill, fixed, frame, general, h, legendItem, liveRegion, logsumexp, num, numberControl, show, softmax, svg, tableBox, watch } from "./kit.js";

function unpack(packed, c) {
  const bytes = Uint8Array.from(atob(packed), (ch) => ch.charCodeAt(0));
  const flat = new Float32Array(bytes.buffer);
  return Array.from({ length: flat.length / c }, (_, n) => Array.from(flat.subarray(n * c, (n + 1) * c)));
}

// What helpers.calibration computes for softmax(z / T): reliability_bins, expected_calibration_error, mean_nll.
function measure(rows, labels, T, M) {
  const edges = Array.from({ length: M + 1 }, (_, i) => (i === M ? 1 : i * (1 / M))); // numpy.linspace(0, 1, M + 1)
  const count = new Array(M).fill(0);
  const confSum = new Array(M).fill(0);
  const rightSum = new Array(M).fill(0);
  let right = 0;
  let confTotal = 0;
  let nllTotal = 0;
  rows.forEach((z, n) => {
    const p = softmax(z, T);
    const conf = Math.max(...p);
    const correct = argmax(p) === labels[n] ? 1 : 0;
    let b = edges.findIndex((edge) => edge >= conf) - 1; // numpy.searchsorted(edges, conf, side="left") - 1
    b = Math.min(Math.max(b, 0), M - 1);
    count[b] += 1;
    confSum[b] += conf;
    rightSum[b] += correct;
    right += correct;
    confTotal += conf;
    const scaled = z.map((v) => v / T);
    nllTotal += logsumexp(scaled) - scaled[labels[n]];
  });
  const N = rows.length;
  const bins = count.map((k, b) => ({ count: k, accuracy: rightSum[b] / k, confidence: confSum[b] / k }));
  const ece = bins.reduce((total, bin) => (bin.count ? total + (bin.count / N) * Math.abs(bin.accuracy - bin.confidence) : total), 0);
  return { edges, bins, ece, nll: nllTotal / N, accuracy: right / N, confidence: confTotal / N };
}

function render({ model, el }) {
  const rows = unpack(model.get("logits"), model.get("n_classes"));
  const labels = model.get("labels");
  const M = model.get("n_bins");
  const live = liveRegion();
  const control = numberControl({
    label: "temperature T", min: 0.05, max: 20, log: true, boxMin: 0.05, boxMax: 20, digits: 3,
    ...binding(model, "temperature"),
  });

  const chart = frame({
    width: 340, height: 270, x: { domain: [0, 1] }, y: { domain: [0, 1] }, xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    yTicks: [0, 0.5, 1], xLabel: "confidence max p (bins)", yLabel: "accuracy in the bin",
  });
  const bars = Array.from({ length: M }, () => ({
    rect: chart.root.appendChild(svg("rect", { class: "cx-bar" })),
    gap: chart.root.appendChild(svg("line", { class: "cx-gap" })),
  }));
  // The diagonal over the bars, so that it shows where each bar would end if the model were calibrated.
  chart.root.append(svg("line", { class: "cx-guide", x1: chart.x(0), y1: chart.y(0), x2: chart.x(1), y2: chart.y(1) }));
  const legend = h(
    "p",
    { class: "cx-legend" },
    legendItem("cx-bar-swatch", "accuracy of each bin"),
    legendItem("cx-gap-swatch", "its gap to the mean confidence"),
    legendItem("cx-guide-swatch", "diagonal: accuracy = confidence"),
  );
  const edgesText = Array.from({ length: M + 1 }, (_, i) => (i === M ? 1 : i * (1 / M)));
  const range = (b) => `(${general(edgesText[b], 2)}, ${general(edgesText[b + 1], 2)}]`;
  const table = tableBox(
    ["Each bin of confidence at T = ", num("T"), ": how many predictions, their accuracy, their mean confidence"],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, ...["bin", "predictions", "accuracy", "mean confidence"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...Array.from({ length: M }, (_, b) => h("tr", {}, h("th", { scope: "row" }, range(b)), h("td", {}, num(`n${b}`)), h("td", {}, num(`acc${b}`)), h("td", {}, num(`conf${b}`))))),
    ),
  );
  const facts = h(
    "p",
    { class: "cx-verdict" },
    "At T = ", num("T"), ": ECE ", num("ece"), ", mean NLL ", num("nll"), " nats, accuracy ", num("accuracy"),
    ", mean confidence ", num("confidence"), ".",
  );
  fill(
    el,
    h("fieldset", { class: "cx-controls" }, h("legend", {}, "Temperature: softmax(z / T)"), control.element),
    h("div", { class: "cx-row" }, h("figure", { class: "cx-figure" }, chart.root, legend)),
    facts, table, live.element,
  );

  function update() {
    const T = model.get("temperature");
    const m = measure(rows, labels, T, M);
    m.bins.forEach((bin, b) => {
      const { rect, gap } = bars[b];
      const x0 = chart.x(m.edges[b]) + 1;
      const x1 = chart.x(m.edges[b + 1]) - 1;
      const top = bin.count ? chart.y(bin.accuracy) : chart.bottom;
      for (const [k, v] of Object.entries({ x: x0, width: x1 - x0, y: top, height: chart.bottom - top })) rect.setAttribute(k, v);
      const mid = (x0 + x1) / 2;
      const to = bin.count ? chart.y(bin.confidence) : top;
      for (const [k, v] of Object.entries({ x1: mid, x2: mid, y1: top, y2: to })) gap.setAttribute(k, v);
      show(el, `n${b}`, String(bin.count));
      show(el, `acc${b}`, bin.count ? fixed(bin.accuracy, 3) : "");
      show(el, `conf${b}`, bin.count ? fixed(bin.confidence, 3) : "");
    });
    const numbers = { T: general(T, 3), ece: fixed(m.ece, 4), nll: fixed(m.nll, 4), accuracy: fixed(m.accuracy, 4), confidence: fixed(m.confidence, 4) };
    for (const [key, text] of Object.entries(numbers)) show(el, key, text);
    const summary = `T = ${numbers.T}: ECE ${numbers.ece}, mean NLL ${numbers.nll}, accuracy ${numbers.accuracy}, mean confidence ${numbers.confidence}`;
    const fullest = m.bins.reduce((best, bin, b) => (bin.count > m.bins[best].count ? b : best), 0);
    chart.root.setAttribute(
      "aria-label",
      `Reliability diagram: one bar per confidence bin, as high as the bin's accuracy, and the diagonal. ${summary}. ` +
        `The fullest bin, ${range(fullest)}, holds ${m.bins[fullest].count} predictions.`,
    );
    live.announce(`${summary}.`);
    control.sync();
  }
  return watch(model, ["temperature"], update);
}

export default { render };
