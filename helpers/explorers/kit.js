// The explorers' shared kit: number formatting that matches Python's, the maths, controls, charts.
//
// Every explorer module (softmax.js, ...) imports what it needs from here. `helpers.explorers.explorer_module`
// joins this kit and one explorer into a single ES module (the kit wrapped in a function, its exports handed to the
// explorer), so exactly the same text runs in Jupyter (anywidget's `_esm`) and on the static site (served from
// _static/explorers/ and mounted by assets/explorers.js). No third-party code: plain DOM and SVG.

const SVG_NS = "http://www.w3.org/2000/svg";

// --- numbers, formatted exactly as helpers.explorers.kit formats them in Python ----------------------------------

// x rounded to d decimals as Python's f"{x:.{d}f}" writes it (exact ties to even), "∞" for infinity, never "-0.00".
export function fixed(x, d) {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  let text = x.toFixed(d);
  const extra = Math.min(100, d + 40) - d;
  const long = Math.abs(x).toFixed(d + extra);
  if (/^50*$/.test(long.slice(-extra))) {
    // An exact tie: toFixed rounds away from zero, Python to the even last digit.
    const down = long.slice(0, long.length - extra).replace(/\.$/, "");
    if (Number(down.slice(-1)) % 2 === 0) text = (x < 0 ? "-" : "") + down;
  }
  if (/^-[0.]*$/.test(text)) text = text.slice(1);
  return text;
}

// x with p significant digits as Python's f"{x:.{p}g}" writes it ("7.389", "1.235e+05", "inf" shown as "∞").
export function general(x, p) {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  if (x === 0) return "0";
  const [mantissa, power] = x.toExponential(p - 1).split("e");
  const exponent = Number(power);
  const strip = (s) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (exponent >= -4 && exponent < p) return strip(x.toFixed(p - 1 - exponent));
  const sign = exponent < 0 ? "-" : "+";
  return `${strip(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

// x as a percentage with d decimals, as Python's f"{x:.{d}%}".
export function percent(x, d = 0) {
  return `${fixed(100 * x, d)}%`;
}

// --- the maths: the same formulas as helpers (stable softmax, natural log) ------------------------------------

export function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i; // ties: the first index wins
  return best;
}

export function logsumexp(values) {
  const m = Math.max(...values);
  if (!Number.isFinite(m)) return m;
  let total = 0;
  for (const v of values) total += Math.exp(v - m);
  return m + Math.log(total);
}

// softmax(z / T), computed the stable way (subtract the max before exponentiating).
export function softmax(logits, temperature = 1) {
  const scaled = logits.map((z) => z / temperature);
  const m = Math.max(...scaled);
  const exps = scaled.map((v) => Math.exp(v - m));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

// --- the page: elements, a live region, controls ---------------------------------------------------------------

// An HTML element: h("div", {class: "x", "aria-label": "y"}, child, "text", ...).
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  element.append(...children);
  return element;
}

// An SVG element, the same way.
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  element.append(...children);
  return element;
}

// Put an explorer's parts into the element anywidget (or the site's loader) gives it. Keys pressed inside stay with
// the explorer: JupyterLab and Notebook 7 listen for their shortcuts on the whole document, and took an arrow key on
// a slider as a notebook command (the slider did not move).
export function fill(el, ...parts) {
  el.classList.add("cx-explorer");
  el.addEventListener("keydown", (event) => event.stopPropagation());
  el.replaceChildren(...parts);
}

// A span that shows one computed number; tests read every [data-num] and compare it with helpers.
export function num(key, attributes = {}) {
  return h("span", { "data-num": key, ...attributes });
}

// Set the text of every element of `root` showing number `key`.
export function show(root, key, text) {
  for (const element of root.querySelectorAll(`[data-num="${key}"]`)) element.textContent = text;
}

let uniqueId = 0;
export function newId(prefix) {
  uniqueId += 1;
  return `${prefix}-${uniqueId}-${Math.random().toString(36).slice(2, 7)}`;
}

// A table with its caption above it. The table alone scrolls sideways when it is wider than its column (on a phone);
// only then is its box a named region that takes keyboard focus, so that it can be scrolled without a mouse.
// (A <caption> would scroll away with the table; this caption wraps in the column and names the table.)
export function tableBox(caption, table) {
  const id = newId("cx-caption");
  table.setAttribute("aria-labelledby", id);
  const box = h("div", { class: "cx-scroll" }, table);
  const fit = () => {
    if (box.scrollWidth > box.clientWidth) {
      for (const [key, value] of Object.entries({ tabindex: "0", role: "region", "aria-labelledby": id })) box.setAttribute(key, value);
    } else {
      for (const key of ["tabindex", "role", "aria-labelledby"]) box.removeAttribute(key);
    }
  };
  const watcher = new ResizeObserver(fit);
  watcher.observe(box);
  watcher.observe(table);
  return h("div", { class: "cx-table-box" }, h("p", { class: "cx-caption", id }, ...caption), box);
}

// A polite live region: screen readers hear the current numbers once the reader stops moving a control.
export function liveRegion() {
  const element = h("p", { class: "cx-live", "aria-live": "polite", "aria-atomic": "true" });
  let timer = null;
  return {
    element,
    announce(text) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        element.textContent = text;
      }, 250);
    },
  };
}

// A logarithmic slider's positions: integer steps, log-uniform on each side of 1 when the range holds 1, so that the
// ends are exactly `min` and `max` and 1 is a step of its own (about 100 steps per factor of ten).
export function logSteps(min, max) {
  const per = 100;
  const parts = min < 1 && max > 1 ? [[min, 1], [1, max]] : [[min, max]];
  const counts = parts.map(([a, b]) => Math.max(1, Math.round(per * Math.log10(b / a))));
  const total = counts.reduce((a, b) => a + b, 0);
  const value = (k) => {
    if (k <= 0) return min;
    if (k >= total) return max;
    let start = 0;
    for (const [i, [a, b]] of parts.entries()) {
      if (k <= start + counts[i]) {
        if (k === start + counts[i]) return b;
        return Number((a * (b / a) ** ((k - start) / counts[i])).toPrecision(3));
      }
      start += counts[i];
    }
    return max;
  };
  const step = (v) => {
    let start = 0;
    for (const [i, [a, b]] of parts.entries()) {
      if (v <= b || i === parts.length - 1) {
        const k = start + (counts[i] * Math.log(Math.max(v, a) / a)) / Math.log(b / a);
        return Math.min(total, Math.max(0, Math.round(k)));
      }
      start += counts[i];
    }
    return total;
  };
  return { total, value, step };
}

// A value the reader sets with a slider and a number box side by side (both named, both keyboard-operable).
// `read()`/`write(v)` get and set the value in the model; `log` makes the slider logarithmic (for temperatures).
// A typed value is applied when the reader presses Enter or leaves the box, never half-typed; one outside
// [boxMin, boxMax] is refused with a message under the control that says what is allowed, and the value stays.
export function numberControl({ label, min, max, step, read, write, log = false, digits = 2, boxMin, boxMax }) {
  const id = newId("cx-in");
  const steps = log ? logSteps(min, max) : null;
  const toSlider = (v) => (log ? steps.step(v) : Math.min(max, Math.max(min, v)));
  const fromSlider = (s) => (log ? steps.value(Number(s)) : Number(s));
  const slider = h("input", {
    type: "range",
    id,
    min: log ? 0 : min,
    max: log ? steps.total : max,
    step: log ? 1 : step,
    "aria-label": `${label} (slider)`,
  });
  const box = h("input", {
    type: "number",
    step: "any",
    inputmode: "decimal",
    "aria-label": `${label} (value)`,
    class: "cx-box",
  });
  if (boxMin !== undefined) box.min = boxMin;
  if (boxMax !== undefined) box.max = boxMax;
  const note = h("p", { class: "cx-note", id: newId("cx-note"), role: "status" });
  box.setAttribute("aria-describedby", note.id);
  const row = h("div", { class: "cx-control" }, h("label", { for: id }, label), slider, box, note);
  const allowed =
    boxMin !== undefined && boxMax !== undefined
      ? `from ${boxMin} to ${boxMax}`
      : boxMin !== undefined
        ? `${boxMin} or more`
        : boxMax !== undefined
          ? `${boxMax} or less`
          : "any number";
  const typed = () => {
    const v = Number(box.value);
    const ok =
      box.value.trim() !== "" &&
      Number.isFinite(v) &&
      (boxMin === undefined || v >= boxMin) &&
      (boxMax === undefined || v <= boxMax);
    return { v, ok };
  };
  const sync = () => {
    const v = read();
    slider.value = String(toSlider(v));
    slider.setAttribute("aria-valuetext", general(v, 4));
    if (document.activeElement !== box) box.value = String(Number(v.toFixed(digits + 4)));
  };
  slider.addEventListener("input", () => {
    note.textContent = "";
    write(fromSlider(slider.value));
  });
  box.addEventListener("input", () => box.setAttribute("aria-invalid", typed().ok ? "false" : "true"));
  box.addEventListener("change", () => {
    const { v, ok } = typed();
    if (ok) {
      note.textContent = "";
      write(v);
    } else {
      const shown = box.value.trim() === "" ? "An empty box" : `${box.value.trim()}`;
      note.textContent = `${shown} is not allowed for ${label}: ${allowed}. It stays ${general(read(), 4)}.`;
    }
    box.setAttribute("aria-invalid", "false");
    box.value = String(Number(read().toFixed(digits + 4)));
    sync();
  });
  return { element: row, sync, slider, box };
}

// The model's value for `key`, and a setter that hands a new value to the model (and so to Python in Jupyter).
export function binding(model, key) {
  return {
    read: () => model.get(key),
    write: (value) => {
      model.set(key, value);
      model.save_changes();
    },
  };
}

// Like `binding`, for entry i of a list-valued key.
export function entryBinding(model, key, i) {
  return {
    read: () => model.get(key)[i],
    write: (value) => {
      const values = [...model.get(key)];
      values[i] = value;
      model.set(key, values);
      model.save_changes();
    },
  };
}

// Redraw on every change of `keys` (and once now); returns what render returns: the clean-up.
export function watch(model, keys, update) {
  for (const key of keys) model.on(`change:${key}`, update);
  update();
  return () => {
    for (const key of keys) model.off(`change:${key}`, update);
  };
}

// --- charts ------------------------------------------------------------------------------------------------------

// A chart frame: linear (or log) scales from data to SVG coordinates, with axes, ticks and titles drawn once.
export function frame({ width = 320, height = 200, x, y, xLabel = "", yLabel = "", title = "", xTicks, yTicks }) {
  const m = { left: 46, right: 12, top: title ? 24 : 10, bottom: 40 };
  const scale = (domain, range, log) => {
    const [d0, d1] = log ? domain.map(Math.log10) : domain;
    return (v) => range[0] + ((log ? Math.log10(v) : v) - d0) * (range[1] - range[0]) / (d1 - d0);
  };
  const sx = scale(x.domain, [m.left, width - m.right], x.log);
  const sy = scale(y.domain, [height - m.bottom, m.top], y.log);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "cx-chart", role: "img" });
  const axes = svg("g", { class: "cx-axes", "aria-hidden": "true" });
  axes.append(svg("line", { x1: m.left, x2: width - m.right, y1: height - m.bottom, y2: height - m.bottom }));
  axes.append(svg("line", { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom }));
  for (const t of xTicks || []) {
    axes.append(svg("line", { x1: sx(t), x2: sx(t), y1: height - m.bottom, y2: height - m.bottom + 4 }));
    axes.append(svg("text", { x: sx(t), y: height - m.bottom + 15, "text-anchor": "middle" }, String(t)));
  }
  for (const t of yTicks || []) {
    axes.append(svg("line", { x1: m.left - 4, x2: m.left, y1: sy(t), y2: sy(t) }));
    axes.append(svg("text", { x: m.left - 6, y: sy(t) + 4, "text-anchor": "end" }, String(t)));
  }
  if (xLabel) axes.append(svg("text", { x: (m.left + width - m.right) / 2, y: height - 6, "text-anchor": "middle" }, xLabel));
  if (yLabel) {
    const cy = (m.top + height - m.bottom) / 2;
    axes.append(svg("text", { x: 12, y: cy, transform: `rotate(-90 12 ${cy})`, "text-anchor": "middle" }, yLabel));
  }
  if (title) axes.append(svg("text", { x: width / 2, y: 15, "text-anchor": "middle", class: "cx-title" }, title));
  root.append(axes);
  const clamp = (v, [a, b]) => Math.min(Math.max(v, Math.min(a, b)), Math.max(a, b));
  const marks = new Map();
  // Put the point `dot` (an SVG circle) at (vx, vy). A point beyond the axes is not drawn on their edge as if it were
  // there: an arrow at the edge points towards it, labelled with its value (the element data-num=`key`, which
  // `show(root, key, text)` fills, as it fills the same number elsewhere).
  const place = (dot, vx, vy, key) => {
    const px = sx(clamp(vx, x.domain));
    const py = sy(clamp(vy, y.domain));
    const [dx, dy] = [Math.sign(vx - clamp(vx, x.domain)), -Math.sign(vy - clamp(vy, y.domain))];
    const inside = Number.isFinite(vx) && !dx && !dy;
    dot.setAttribute("cx", px);
    dot.setAttribute("cy", py);
    dot.style.display = inside ? "" : "none";
    if (!marks.has(dot)) {
      const colour = (dot.getAttribute("class") || "").split(" ").find((c) => /^cx-c\d$/.test(c)) || "";
      const group = svg("g", { class: `cx-beyond ${colour}` });
      const arrow = group.appendChild(svg("path", { "aria-hidden": "true" }));
      const label = group.appendChild(svg("text", { "data-num": key }));
      root.append(group);
      marks.set(dot, { group, arrow, label });
    }
    const { group, arrow, label } = marks.get(dot);
    group.style.display = inside ? "none" : "";
    if (inside) return true;
    const len = Math.hypot(dx, dy) || 1;
    const [ux, uy] = [dx / len, dy / len];
    const tip = [px + 3 * ux, py + 3 * uy];
    const base = [px - 7 * ux, py - 7 * uy];
    const side = [-uy * 5, ux * 5];
    arrow.setAttribute(
      "d",
      `M${tip[0].toFixed(1)},${tip[1].toFixed(1)}L${(base[0] + side[0]).toFixed(1)},${(base[1] + side[1]).toFixed(1)}` +
        `L${(base[0] - side[0]).toFixed(1)},${(base[1] - side[1]).toFixed(1)}Z`,
    );
    label.setAttribute("x", (px - 14 * ux + (dx > 0 ? -4 : 4)).toFixed(1));
    label.setAttribute("y", (py - 14 * uy + (dy < 0 ? 10 : 0)).toFixed(1));
    label.setAttribute("text-anchor", dx > 0 ? "end" : "start");
    return false;
  };
  return {
    root,
    place,
    x: (v) => sx(clamp(v, x.domain)),
    y: (v) => sy(clamp(v, y.domain)),
    shows: (v) => v === clamp(v, y.domain),
    bottom: height - m.bottom,
    left: m.left,
    right: width - m.right,
    top: m.top,
  };
}

// An SVG path through the points (x, y) of a curve, in chart coordinates. Points that are not finite or lie beyond
// the chart's y range break the line (the curve leaves the chart there rather than running flat along its edge).
export function pathData(chart, xs, ys) {
  let d = "";
  let pen = false;
  xs.forEach((x, i) => {
    if (!Number.isFinite(ys[i]) || !chart.shows(ys[i])) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${chart.x(x).toFixed(2)},${chart.y(ys[i]).toFixed(2)}`;
    pen = true;
  });
  return d;
}

// `count` numbers evenly spaced from a to b (or log-spaced when `log`).
export function grid(a, b, count, log = false) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = i / (count - 1);
    out.push(log ? 10 ** (Math.log10(a) + t * (Math.log10(b) - Math.log10(a))) : a + t * (b - a));
  }
  return out;
}

// A legend entry: a coloured line sample and its text.
export function legendItem(cls, text) {
  return h("span", { class: "cx-legend-item" }, h("span", { class: `cx-swatch ${cls}`, "aria-hidden": "true" }), text);
}
