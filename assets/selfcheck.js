// Self-check questions (written by _ext/selfcheck.py from chapters/selfcheck/*.yml): answer in the page, get the
// feedback for that answer. Works offline and by keyboard (radio buttons, a text box, Enter or the Check button).
(function () {
  function setup(section) {
    const data = JSON.parse(section.querySelector("script.selfcheck-data").textContent);
    const feedback = section.querySelector(".selfcheck-feedback");
    const say = (right, message) => {
      feedback.className = `selfcheck-feedback ${right ? "selfcheck-right" : "selfcheck-wrong"}`;
      feedback.innerHTML = `<strong>${right ? "Right." : "Not quite."}</strong> ${message}`;
      if (window.MathJax && window.MathJax.typesetPromise) window.MathJax.typesetPromise([feedback]);
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
