// Self-check questions (written by _ext/selfcheck.py from chapters/selfcheck/*.yml): answer in the page, get the
// feedback for that answer. Works offline and by keyboard (radio buttons, a text box, Enter or the Check button).
// After two wrong tries the worked answer can be shown. The browser remembers each answer (localStorage, one key for
// the course; nothing leaves the browser): a chapter shows how many of its questions were answered right, near its
// title and in the table of contents, and lists at its end the misconceptions its wrong answers showed, each linked
// to the section that teaches it; the first page shows all chapters. Without storage (private mode, blocked
// cookies), the questions work as before and nothing is remembered.
(function () {
  const STORE = "classification-outputs/selfcheck/v1";
  const root = document.documentElement.dataset.content_root || "";
  const manifest = window.selfcheckManifest || {};

  // --- the learner's record: {answers: {"chapters/01_argmax#argmax-tie": {v, right, answer, tries, missed}}} -----
  const storage = (() => {
    try {
      const s = window.localStorage;
      const probe = `${STORE}/probe`;
      s.setItem(probe, "1");
      s.removeItem(probe);
      return s;
    } catch (error) {
      return null; // blocked or unavailable: nothing is remembered, and nothing is said in the console
    }
  })();
  function load() {
    if (!storage) return { answers: {} };
    try {
      const data = JSON.parse(storage.getItem(STORE) || "{}");
      return data && typeof data.answers === "object" && data.answers ? data : { answers: {} };
    } catch (error) {
      return { answers: {} };
    }
  }
  function save(data) {
    if (!storage) return;
    try {
      storage.setItem(STORE, JSON.stringify(data));
    } catch (error) {
      // full or blocked since the page loaded: keep going without memory
    }
  }
  // A stored answer counts only for the question it answered (same page, id and version of the text).
  function current(data, page) {
    const versions = manifest[page] || [];
    const out = {};
    for (const [key, entry] of Object.entries(data.answers)) {
      const [where, id] = key.split("#");
      if (where === page && entry && versions.includes(entry.v)) out[id] = entry;
    }
    return out;
  }
  const rightCount = (entries) => Object.values(entries).filter((e) => e.right).length;
  const pageUrl = (page, anchor) => `${root}${page}.html${anchor ? `#${anchor}` : ""}`;

  // --- maths in feedback ------------------------------------------------------------------------------------------
  // The page's own equations were typeset when the site was built (tools/typeset_math.js); the first feedback with
  // maths in it loads MathJax (served by the site, configured by the page), which then typesets each such feedback.
  let mathjax = null;
  function typeset(element) {
    if (!mathjax) {
      mathjax = new Promise((resolve, reject) => {
        if (window.MathJax && window.MathJax.startup) return resolve();
        const script = document.createElement("script");
        script.src = `${root}_static/mathjax/startup.js`;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${script.src}`));
        document.head.appendChild(script);
      }).then(() => window.MathJax.startup.promise);
    }
    return mathjax.then(() => window.MathJax.typesetPromise([element]));
  }

  // --- numbers as learners type them ------------------------------------------------------------------------------
  // "0.25", "-1.5", "−1,5", "2/3", "88.08%" (a share: 0.8808, unless the question asks for a percentage), "1e-3".
  function parse(text, percent) {
    const t = text.trim().replace(/\s+/g, "").replace(/[−–]/g, "-").replace(/,/g, ".");
    if (t === "") return null;
    let m = t.match(/^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/);
    if (m) return Number(m[2]) === 0 ? null : Number(m[1]) / Number(m[2]);
    m = t.match(/^(-?\d*\.?\d+(?:e[-+]?\d+)?)%$/i);
    if (m) return percent ? Number(m[1]) : Number(m[1]) / 100;
    if (!/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
    return Number(t);
  }
  // The decimals a plain decimal number was typed with ("0.66" -> 2), or null for other forms.
  function decimals(text) {
    const m = text.trim().replace(/,/g, ".").match(/^[-−]?\d*\.(\d+)$/);
    return m ? m[1].length : /^[-−]?\d+$/.test(text.trim()) ? 0 : null;
  }

  // --- one question -------------------------------------------------------------------------------------------------
  function setup(section, onRecord) {
    const data = JSON.parse(section.querySelector("script.selfcheck-data").textContent);
    const feedback = section.querySelector(".selfcheck-feedback");
    const reveal = section.querySelector(".selfcheck-reveal");
    const page = section.dataset.page;
    const key = `${page}#${section.dataset.question}`;
    const place = section.parentElement.closest("section[id]");
    const heading = place && place.querySelector("h1, h2, h3, h4");
    const taughtIn = {
      anchor: place ? place.id : "",
      title: heading ? heading.textContent.replace(/#\s*$/, "").trim() : "",
    };
    let tries = 0;
    const say = (right, message) => {
      feedback.className = `selfcheck-feedback ${right ? "selfcheck-right" : "selfcheck-wrong"}`;
      feedback.innerHTML = `<strong>${right ? "Right." : "Not quite."}</strong> ${message}`;
      if (feedback.querySelector(".math")) typeset(feedback);
    };
    const hint = (message) => {
      feedback.className = "selfcheck-feedback";
      feedback.textContent = message;
    };
    // What the answer shows, or null when there is nothing to judge yet (no choice, not a number).
    const judge = () => {
      if (data.kind === "choice") {
        const chosen = section.querySelector("input[type=radio]:checked");
        if (!chosen) return { hint: "Choose an answer first." };
        const k = Number(chosen.value);
        return {
          answer: chosen.value,
          right: data.correct[k],
          message: data.feedback[k],
          misconception: data.correct[k] ? null : data.misconception[k],
          taught: data.taught[k],
        };
      }
      const input = section.querySelector("input[type=text]");
      const value = parse(input.value, data.percent);
      if (value === null || !Number.isFinite(value)) {
        return { hint: "Type a number (for example 0.25, 2/3 or 25%)." };
      }
      const close = (target) => Math.abs(value - target) <= data.tolerance + 1e-12;
      const base = { answer: input.value.trim(), misconception: null, taught: null };
      if (close(data.answer)) return { ...base, right: true, message: data.correct_feedback };
      const known = data.wrong.find((w) => close(w.value));
      if (known) {
        const { feedback: message, misconception, taught } = known;
        return { ...base, right: false, message, misconception, taught };
      }
      const places = decimals(input.value);
      const step = places === null ? 0 : 0.5 * 10 ** -places;
      if (step > data.tolerance && Math.abs(value - data.answer) <= step + 1e-12) {
        return { ...base, right: false, coarse: true, message: "Right as far as it goes: give more decimals." };
      }
      return { ...base, right: false, message: data.other_feedback };
    };
    const check = (record) => {
      const verdict = judge();
      if (verdict.hint) return hint(verdict.hint);
      say(verdict.right, verdict.message);
      if (!record) return;
      tries = verdict.right ? 0 : tries + 1;
      reveal.hidden = verdict.right || tries < 2;
      onRecord(key, section.dataset.version, verdict, taughtIn);
    };
    reveal.addEventListener("click", () => {
      // data.shown: the answer as the build writes it (_ext/selfcheck.py answer_text), as the printed page lists it.
      if (data.kind === "choice") {
        say(true, `The answer is “${data.shown}”. ${data.feedback[data.correct.indexOf(true)]}`);
      } else {
        say(true, `The answer is ${data.shown}. ${data.correct_feedback}`);
      }
      feedback.querySelector("strong").textContent = "The answer.";
      feedback.focus();
    });
    feedback.tabIndex = -1;
    section.querySelector(".selfcheck-check").addEventListener("click", () => check(true));
    const input = section.querySelector("input[type=text]");
    if (input) input.addEventListener("keydown", (event) => event.key === "Enter" && check(true));
    // A stored answer comes back into the form, with its feedback.
    return (entry) => {
      if (!entry) return;
      tries = entry.right ? 0 : entry.tries || 0;
      if (data.kind === "choice") {
        const radio = section.querySelector(`input[type=radio][value="${entry.answer}"]`);
        if (radio) radio.checked = true;
      } else if (input) {
        input.value = entry.answer;
      }
      if (entry.answer !== undefined && entry.answer !== null) check(false);
      reveal.hidden = entry.right || tries < 2;
    };
  }

  // --- progress and the review of what was missed ------------------------------------------------------------------
  function escape(text) {
    const span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }
  function missedItems(entries, page, here) {
    const items = [];
    for (const entry of Object.values(entries)) {
      if (entry.right) continue;
      for (const [name, m] of Object.entries(entry.missed || {})) {
        if (items.some((i) => i.name === name)) continue;
        const href = here ? `#${m.anchor}` : pageUrl(page, m.anchor);
        items.push({ name, html: `${escape(m.taught)} <a href="${href}">Taught in “${escape(m.title)}”</a>.` });
      }
    }
    return items;
  }
  function summary(entries, total) {
    return `${rightCount(entries)} of ${total} right`;
  }
  function resetButton(onReset) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "selfcheck-reset";
    button.textContent = "Reset my progress";
    button.addEventListener("click", () => {
      if (!window.confirm("Forget every self-check answer of this course in this browser?")) return;
      save({ answers: {} });
      onReset();
    });
    return button;
  }
  // The table of contents: "4/7" beside each chapter with an answer.
  function markContents(data) {
    for (const link of document.querySelectorAll(".bd-sidenav a.reference.internal, .bd-links a.reference.internal")) {
      const target = new URL(link.getAttribute("href"), location.href);
      for (const page of Object.keys(manifest)) {
        if (target.pathname !== new URL(pageUrl(page), location.href).pathname) continue;
        const entries = current(data, page);
        let badge = link.querySelector(".selfcheck-count");
        if (!Object.keys(entries).length) {
          if (badge) badge.remove();
          continue;
        }
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "selfcheck-count";
          link.appendChild(badge);
        }
        const n = rightCount(entries);
        const total = manifest[page].length;
        badge.innerHTML = ` ${n}/${total}<span class="visually-hidden"> self-checks right</span>`;
      }
    }
  }
  function chapterTitle(page) {
    for (const link of document.querySelectorAll(".bd-sidenav a.reference.internal")) {
      const target = new URL(link.getAttribute("href"), location.href);
      if (target.pathname === new URL(pageUrl(page), location.href).pathname) {
        const copy = link.cloneNode(true);
        copy.querySelectorAll(".selfcheck-count").forEach((b) => b.remove());
        return copy.textContent.trim();
      }
    }
    return page;
  }

  function start() {
    const sections = [...document.querySelectorAll("section.selfcheck")];
    const page = sections.length ? sections[0].dataset.page : null;
    const article = document.querySelector("article.bd-article") || document.querySelector("main");
    let status = null;
    let review = null;
    const refresh = () => {
      const data = load();
      markContents(data);
      if (page && status) {
        const entries = current(data, page);
        status.textContent = `Self-checks on this page: ${summary(entries, manifest[page].length)}.`;
        const items = missedItems(entries, page, true);
        review.querySelector(".selfcheck-review-list").innerHTML = items.length
          ? `<ul>${items.map((i) => `<li>${i.html}</li>`).join("")}</ul>`
          : "<p>No misconceptions shown on this page so far.</p>";
      }
      const course = document.getElementById("selfcheck-course-progress");
      if (course) showCourse(course, data);
    };
    const record = (key, version, verdict, taughtIn) => {
      const data = load();
      const known = data.answers[key];
      const entry = known && known.v === version ? known : { v: version, missed: {} };
      entry.answer = verdict.answer;
      entry.right = verdict.right;
      entry.tries = verdict.right ? 0 : (entry.tries || 0) + 1;
      if (verdict.right) entry.missed = {};
      else if (verdict.misconception && verdict.taught) {
        const { anchor, title } = taughtIn;
        entry.missed[verdict.misconception] = { taught: verdict.taught, anchor, title };
      }
      data.answers[key] = entry;
      save(data);
      refresh();
    };
    const restore = sections.map((section) => setup(section, record));
    if (!storage) return;
    if (page && manifest[page] && article) {
      const title = article.querySelector("h1");
      status = document.createElement("p");
      status.className = "selfcheck-progress";
      if (title) title.insertAdjacentElement("afterend", status);
      review = document.createElement("section");
      review.className = "selfcheck-review";
      review.setAttribute("aria-labelledby", "selfcheck-review-title");
      review.innerHTML =
        '<h2 id="selfcheck-review-title">Your self-checks</h2>' +
        "<p>The misconceptions your answers on this page showed, each with the section that teaches it. " +
        "A question answered right clears its own. Your answers stay in this browser only.</p>" +
        '<div class="selfcheck-review-list"></div>';
      review.appendChild(resetButton(() => location.reload()));
      article.appendChild(review);
      const entries = current(load(), page);
      sections.forEach((section, i) => restore[i](entries[section.dataset.question]));
    }
    refresh();
  }

  // The first page: every chapter's progress and what was missed across the course.
  function showCourse(container, data) {
    const rows = [];
    const missed = [];
    for (const page of Object.keys(manifest)) {
      const entries = current(data, page);
      const title = chapterTitle(page);
      const counts = summary(entries, manifest[page].length);
      rows.push(`<li><a href="${pageUrl(page)}">${escape(title)}</a>: ${counts}</li>`);
      for (const item of missedItems(entries, page, false)) missed.push(`<li>${escape(title)}: ${item.html}</li>`);
    }
    container.innerHTML =
      `<ul class="selfcheck-course-list">${rows.join("")}</ul>` +
      (missed.length
        ? `<p>The misconceptions your answers showed, each with the section that teaches it:</p>` +
          `<ul>${missed.join("")}</ul>`
        : "<p>No misconceptions shown so far.</p>");
    container.appendChild(resetButton(() => location.reload()));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
