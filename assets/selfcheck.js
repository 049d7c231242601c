// Self-check questions (written by _ext/selfcheck.py from chapters/selfcheck/*.yml): answer in the page, get the
// feedback for that answer. Works offline and by keyboard (radio buttons, a text box, Enter or the Check button).
(function () {
  // The page's own equations were typeset when the site was built (tools/typeset_math.js); the first feedback with
  // maths in it loads MathJax (served by the site, configured by the page), which then typesets each such feedback.
  let mathjax = null;
  function typeset(element) {
    if (!mathjax) {
      mathjax = new Promise((resolve, reject) => {
        if (window.MathJax && window.MathJax.startup) return resolve();
        const script = document.createElement("script");
        script.src = `${document.documentElement.dataset.content_root || ""}_static/mathjax/startup.js`;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${script.src}`));
        document.head.appendChild(script);
      }).then(() => window.MathJax.startup.promise);
    }
    return mathjax.then(() => window.MathJax.typesetPromise([element]));
  }

  function setup(section) {
    const data = JSON.parse(section.querySelector("script.selfcheck-data").textContent);
    const feedback = section.querySelector(".selfcheck-feedback");
    const say = (right, message) => {
      feedback.className = `selfcheck-feedback ${right ? "selfcheck-right" : "selfcheck-wrong"}`;
      feedback.innerHTML = `<strong>${right ? "Right." : "Not quite."}</strong> ${message}`;
      if (feedback.querySelector(".math")) typeset(feedback);
    };
    const check = () => {
      if (data.kind === "choice") {
        const chosen = section.querySelector("input[type=radio]:checked");
        if (!chosen) {
          feedback.className = "selfcheck-feedback";
          feedback.textContent = "Choose an answer first.";
          return;
        }
        const k = Number(chosen.value);
        say(data.correct[k], data.feedback[k]);
        return;
      }
      const input = section.querySelector("input[type=text]");
      const text = input.value.trim().replace("−", "-").replace(",", ".");
      const value = Number(text);
      if (text === "" || !Number.isFinite(value)) {
        feedback.className = "selfcheck-feedback";
        feedback.textContent = "Type a number (for example 0.25).";
        return;
      }
      if (Math.abs(value - data.answer) <= data.tolerance + 1e-12) {
        say(true, data.correct_feedback);
        return;
      }
      const known = data.wrong.find((w) => Math.abs(value - w.value) <= data.tolerance + 1e-12);
      say(false, known ? known.feedback : data.other_feedback);
    };
    section.querySelector(".selfcheck-check").addEventListener("click", check);
    const input = section.querySelector("input[type=text]");
    if (input) input.addEventListener("keydown", (event) => event.key === "Enter" && check());
  }
  const start = () => document.querySelectorAll("section.selfcheck").forEach(setup);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
