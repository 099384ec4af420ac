// Scorecard autosave: POST the form (with its CSRF token) every ~20 s when it changed, and shortly after
// each change. The server answers JSON; the status line says what happened. Without JavaScript the
// "Save draft" button does the same.
(function () {
  "use strict";
  var form = document.getElementById("scorecard-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var busy = false;
  var timer = null;
  var INTERVAL_MS = 20000;
  var AFTER_CHANGE_MS = 1500;

  function say(text, failed) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("text-danger", !!failed);
  }

  function save() {
    if (!dirty || busy) { return; }
    busy = true;
    dirty = false;
    say(form.getAttribute("data-saving-text"), false);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      say(result.data.message || "", !result.ok);
      if (!result.ok && result.data.errors) { dirty = true; }
    }).catch(function () {
      dirty = true;
      say(form.getAttribute("data-failed-text"), true);
    }).then(function () { busy = false; });
  }

  function changed() {
    dirty = true;
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, AFTER_CHANGE_MS);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { changed(); }
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.setInterval(save, INTERVAL_MS);
})();
