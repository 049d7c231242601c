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
  document.addEventListener("DOMContentLoaded", function () {
    var header = document.querySelector(".bd-header-article, .header-article-items") || document.body;
    new MutationObserver(function (records) {
      if (records.some(function (r) { return r.addedNodes.length; })) fix();
    }).observe(header, { childList: true, subtree: true });
  });
})();
