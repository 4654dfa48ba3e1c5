/*
 * Small enhancements for every page (each works without it):
 * - a region that scrolls sideways (a wide table on a phone) gets tabindex=0 and a name, so it can
 *   be scrolled with the keyboard (WCAG 2.1.1).
 */
(function () {
  "use strict";
  function focusableScrollers() {
    document.querySelectorAll("main table, main .table-responsive").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); }
        if (el.tagName !== "TABLE" && !el.hasAttribute("role")) {
          el.setAttribute("role", "region");
          var caption = el.querySelector("caption, th");
          el.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      } else if (el.getAttribute("tabindex") === "0" && !el.dataset.keepTabindex) {
        el.removeAttribute("tabindex");
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusableScrollers);
  } else {
    focusableScrollers();
  }
  window.addEventListener("resize", focusableScrollers);
})();
