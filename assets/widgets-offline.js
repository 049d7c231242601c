// Loaded between require.js and the ipywidgets HTML manager (see nb_ipywidgets_js in _config.yml).
(function () {
  // 1. The HTML manager resolves its icon fonts relative to the page; they are served from
  //    _static/html-manager/, so map its module path there (relative to the site root).
  var root = document.documentElement.dataset.content_root || "./";
  if (window.require && window.require.config) {
    window.require.config({
      paths: { "@jupyter-widgets/html-manager/dist": root + "_static/html-manager" },
    });
  }

  // 2. Widget labels are typeset with the MathJax 2 API (MathJax.Hub.Queue); the site runs MathJax 3.
  function mathjaxShim() {
    var mj = window.MathJax;
    if (mj && !mj.Hub && mj.startup) {
      mj.Hub = {
        Queue: function (job) {
          var element = Array.isArray(job) ? job[2] : undefined;
          mj.startup.promise.then(function () {
            return mj.typesetPromise(element ? [element] : undefined);
          });
        },
      };
    }
  }

  // 3. Images drawn by a widget get the alt text of their cell (written there by _ext/course_site.py).
  function labelWidgetImages() {
    document.querySelectorAll(".course-widget-alt").forEach(function (holder) {
      var cell = holder.parentElement;
      var alt = holder.textContent.trim();
      var apply = function () {
        cell.querySelectorAll("img:not([alt]), img[alt='']").forEach(function (img) {
          img.setAttribute("alt", alt);
        });
      };
      apply();
      new MutationObserver(apply).observe(cell, { childList: true, subtree: true });
    });
  }

  // 4. Slider handles (role=slider) are named after their widget's description, for screen readers.
  function labelSliders() {
    var apply = function () {
      document.querySelectorAll(".jupyter-widgets .noUi-handle:not([aria-label])").forEach(function (handle) {
        var widget = handle.closest(".widget-slider, .jupyter-widgets");
        var label = widget && widget.querySelector(".widget-label");
        var text = label && (label.textContent || label.title || "").trim();
        handle.setAttribute("aria-label", text || "slider");
      });
    };
    document.querySelectorAll(".cell_output").forEach(function (output) {
      if (output.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')) {
        new MutationObserver(apply).observe(output, { childList: true, subtree: true });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    mathjaxShim();
    labelWidgetImages();
    labelSliders();
  });
  window.addEventListener("load", mathjaxShim);
})();
