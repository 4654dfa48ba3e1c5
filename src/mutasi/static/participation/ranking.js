/*
 * Moving a preference up or down without reloading the page (and jumping to the top). Without
 * JavaScript the same buttons post the form and the page reloads, as before. With it, the form is
 * posted in the background; once the server has saved the new order, the row moves in place and a
 * polite live region says so. Removing and adding still reload (they change the lists).
 */
(function () {
  "use strict";
  var list = document.getElementById("ranking");
  if (!list || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("ranking-status");

  function refreshButtons() {
    var rows = list.querySelectorAll(":scope > li");
    rows.forEach(function (row, i) {
      var up = row.querySelector("button[value=up]");
      var down = row.querySelector("button[value=down]");
      if (up) { up.disabled = i === 0; }
      if (down) { down.disabled = i === rows.length - 1; }
    });
  }

  list.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || (button.value !== "up" && button.value !== "down")) { return; }
    event.preventDefault();
    var form = event.target;
    var row = form.closest("li");
    var data = new FormData(form);
    data.set("action", button.value);
    // form.action would be the button named "action", not the URL.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
    })
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (result) {
        var ok = result[0], body = result[1];
        if (!ok || !body.ok) {
          if (status) { status.textContent = (body.errors || []).join(" "); }
          return;
        }
        if (button.value === "up" && row.previousElementSibling) {
          list.insertBefore(row, row.previousElementSibling);
        } else if (button.value === "down" && row.nextElementSibling) {
          list.insertBefore(row.nextElementSibling, row);
        }
        refreshButtons();
        button.disabled ? row.querySelector("button").focus() : button.focus();
        if (status) { status.textContent = body.message || ""; }
      })
      .catch(function () { form.submit(); });
  });
})();
