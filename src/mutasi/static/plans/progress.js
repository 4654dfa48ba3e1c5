/* Polls the plan's status endpoint while a run is queued or running and moves the progress bar;
 * reloads the page when the run has finished (or failed). The page itself never blocks. */
(function () {
  "use strict";
  var card = document.getElementById("progress-card");
  if (!card) { return; }
  var bar = document.getElementById("progress-bar");
  var label = document.getElementById("progress-label");
  function poll() {
    fetch(card.dataset.url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.style.width = s.progress + "%";
        bar.textContent = s.progress + "%";
        bar.parentElement.setAttribute("aria-valuenow", s.progress);
        label.textContent = s.status_label + "…";
        // One state on the page: the status badge beside the title follows the progress card.
        document.querySelectorAll("[data-status]").forEach(function (badge) {
          badge.dataset.status = s.status;
          badge.textContent = s.status_label;
        });
        if (s.done) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
