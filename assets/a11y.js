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
    // The table of contents' toggle for the pages under a chapter (its exercises) is an icon with no name: name it.
    document.querySelectorAll(".bd-sidenav li.has-children > details > summary").forEach(function (summary) {
      var link = summary.parentElement.parentElement.querySelector(":scope > a");
      if (link && !summary.textContent.trim()) {
        summary.setAttribute("aria-label", "Pages under " + link.textContent.trim());
      }
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

  // An equation wider than the column scrolls sideways in its own box (display equations always, inline ones on
  // phones: assets/custom.css). While more of it lies to the right, its right edge fades out (class
  // course-more-right), so that a reader sees that it goes on. A box that scrolls also takes keyboard focus, as a
  // named region, so that it can be scrolled with the arrow keys (axe-core: scrollable-region-focusable).
  var EQUATIONS = ".bd-content span.math, .bd-content mjx-container[display]";
  var SCROLL_ACCESS = ["tabindex", "role", "aria-label"];
  function formulaGoesOn(box) {
    // The typeset formula's own edge (scrollWidth also counts MathJax's hidden assistive markup).
    var math = box.querySelector("mjx-math");
    return Boolean(math && math.getBoundingClientRect().right - box.getBoundingClientRect().right > 4);
  }
  function markMore(box) {
    box.classList.toggle("course-more-right", formulaGoesOn(box));
  }
  function scrolls(box) {
    // Some formula lies beyond the box, or the box scrolls by more than the 13 px axe-core lets pass.
    var overflowX = getComputedStyle(box).overflowX;
    if (overflowX !== "auto" && overflowX !== "scroll") return false;
    return formulaGoesOn(box) || box.scrollWidth - box.clientWidth > 12;
  }
  function markAll() {
    var boxes = document.querySelectorAll(EQUATIONS);
    boxes.forEach(markMore);
    var number = 0;
    boxes.forEach(function (box) {
      if (scrolls(box)) {
        number += 1;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Equation " + number + ", scrolls sideways");
      } else if (box.getAttribute("role") === "region") {
        SCROLL_ACCESS.forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  // Measured once the page has loaded, and again whenever a formula or its box changes size: fonts can arrive after
  // the load event, the explorers draw after it, and a phone turns.
  function watchSizes() {
    markAll();
    if (!window.ResizeObserver) {
      window.addEventListener("resize", markAll);
      return;
    }
    var observer = new ResizeObserver(markAll);
    document.querySelectorAll(EQUATIONS).forEach(function (box) {
      observer.observe(box);
      var math = box.querySelector("mjx-math");
      if (math) observer.observe(math);
    });
  }
  window.addEventListener("load", function () {
    var typeset = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
    (typeset || Promise.resolve()).then(watchSizes);
  });
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
