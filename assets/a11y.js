// Accessibility fixes for the theme's buttons (found by axe-core, tests/test_accessibility.py).
(function () {
  function fix() {
    // The search buttons show "Search Ctrl+K" but were named "Search" only: let the visible text name them.
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    // A folded code cell (tag hide-input) shows "Show code cell source" but was named "Toggle hidden content".
    document.querySelectorAll("details.hide > summary[aria-label]").forEach(function (summary) {
      summary.removeAttribute("aria-label");
    });
    // The colour-mode button is named "Color mode"; its sun/moon icons are decoration, not its name.
    document.querySelectorAll(".theme-switch-button .theme-switch, .theme-switch-button svg").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.removeAttribute("role");
      icon.querySelectorAll("title").forEach(function (t) { t.remove(); });
    });
  }
  document.addEventListener("DOMContentLoaded", fix);
  window.addEventListener("load", fix);

  // Phones: an equation wider than the column scrolls sideways in its own box (assets/custom.css). While more of it
  // lies to the right, its right edge fades out (class course-more-right), so that a reader sees that it goes on.
  var EQUATIONS = ".bd-content span.math, .bd-content mjx-container[display]";
  function markMore(box) {
    // The typeset formula's own edge (scrollWidth also counts MathJax's hidden assistive markup).
    var math = box.querySelector("mjx-math");
    var more = math && math.getBoundingClientRect().right - box.getBoundingClientRect().right > 4;
    box.classList.toggle("course-more-right", Boolean(more));
  }
  function markAll() {
    document.querySelectorAll(EQUATIONS).forEach(markMore);
  }
  window.addEventListener("load", function () {
    var typeset = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    (typeset || Promise.resolve()).then(markAll);
  });
  window.addEventListener("resize", markAll);
  document.addEventListener("scroll", function (event) {
    if (event.target.matches && event.target.matches(EQUATIONS)) markMore(event.target);
  }, true);
  document.addEventListener("DOMContentLoaded", function () {
    var header = document.querySelector(".bd-header-article, .header-article-items") || document.body;
    new MutationObserver(function (records) {
      if (records.some(function (r) { return r.addedNodes.length; })) fix();
    }).observe(header, { childList: true, subtree: true });
  });
})();
