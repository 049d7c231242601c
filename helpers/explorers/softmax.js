// Chapter 2: softmax with temperature. Sliders for the logits and T; bars of softmax(z / T); the worked table.
// State: logits (list of numbers), temperature, class_names. Numbers as helpers.explorers.softmax.softmax_readout.
import { argmax, binding, entryBinding, fill, fixed, frame, general, h, liveRegion, num, numberControl, show, svg, tableBox, watch } from "./kit.js";

function render({ model, el }) {
  const names = model.get("class_names");
  const n = names.length;
  const live = liveRegion();
  const controls = names.map((name, i) =>
    numberControl({ label: `logit z${i} (${name})`, min: -5, max: 5, step: 0.1, ...entryBinding(model, "logits", i) }),
  );
  const temperature = numberControl({
    label: "temperature T", min: 0.05, max: 20, log: true, boxMin: 0.001, ...binding(model, "temperature"),
  });

  const chart = frame({
    width: 330, height: 210, x: { domain: [0, n] }, y: { domain: [0, 1] }, yTicks: [0, 0.5, 1],
    yLabel: "probability", xLabel: "class",
  });
  const bars = names.map((name, i) => {
    const rect = svg("rect", { class: "cx-bar" });
    const label = svg("text", { "text-anchor": "middle", "data-num": `bar${i}` });
    const tick = svg("text", { x: chart.x(i + 0.5), y: chart.bottom + 15, "text-anchor": "middle" }, name);
    chart.root.append(rect, label, tick);
    return { rect, label };
  });

  const cell = (key) => h("td", {}, num(key));
  const rows = names.map((name, i) =>
    h("tr", {}, h("th", { scope: "row" }, name), cell(`z${i}`), cell(`zt${i}`), cell(`e${i}`), cell(`p${i}`)),
  );
  const table = tableBox(
    ["The worked steps: z, z / T, e", h("sup", {}, "z/T"), " and the probabilities at T = ", num("T")],
    h(
      "table",
      { class: "cx-table" },
      h("thead", {}, h("tr", {}, ...["class", "z", "z / T", "e^(z/T)", "probability"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, ...rows, h("tr", {}, h("th", { scope: "row" }, "sum"), h("td"), h("td"), cell("esum"), cell("psum"))),
    ),
  );
  const verdict = h("p", { class: "cx-verdict" }, "argmax = class ", num("argmax"),
    " (the same for the logits and the probabilities)");

  fill(
    el,
    h("div", { class: "cx-row" },
      h("fieldset", { class: "cx-controls" }, h("legend", {}, "Logits and temperature"), ...controls.map((c) => c.element), temperature.element),
      h("figure", { class: "cx-figure" }, chart.root)),
    verdict, table, live.element,
  );

  function update() {
    const z = model.get("logits");
    const T = model.get("temperature");
    const scaled = z.map((v) => v / T);
    const m = Math.max(...scaled);
    const shifted = scaled.map((v) => Math.exp(v - m));
    const total = shifted.reduce((a, b) => a + b, 0);
    const p = shifted.map((e) => e / total); // stable, as helpers.softmax
    const exps = scaled.map(Math.exp); // the textbook e^(z/T): overflows to ∞ beyond z/T = 709
    const best = argmax(z);
    show(el, "T", general(T, 3));
    z.forEach((v, i) => {
      show(el, `z${i}`, fixed(v, 2));
      show(el, `zt${i}`, fixed(scaled[i], 3));
      show(el, `e${i}`, general(exps[i], 4));
      show(el, `p${i}`, fixed(p[i], 4));
      show(el, `bar${i}`, fixed(p[i], 3));
      const x0 = chart.x(i + 0.15);
      const top = chart.y(p[i]);
      bars[i].rect.setAttribute("x", x0);
      bars[i].rect.setAttribute("width", chart.x(i + 0.85) - x0);
      bars[i].rect.setAttribute("y", top);
      bars[i].rect.setAttribute("height", chart.bottom - top);
      bars[i].rect.classList.toggle("cx-highlight", i === best);
      bars[i].label.setAttribute("x", chart.x(i + 0.5));
      bars[i].label.setAttribute("y", top - 4);
    });
    show(el, "esum", general(exps.reduce((a, b) => a + b, 0), 4));
    show(el, "psum", fixed(p.reduce((a, b) => a + b, 0), 4));
    show(el, "argmax", String(best));
    const summary = `softmax at T = ${general(T, 3)}: ${p.map((v) => fixed(v, 3)).join(", ")}; argmax class ${best}`;
    chart.root.setAttribute("aria-label", `Bar chart of the probabilities. ${summary}.`);
    live.announce(summary);
    controls.forEach((c) => c.sync());
    temperature.sync();
  }
  return watch(model, ["logits", "temperature"], update);
}

export default { render };
