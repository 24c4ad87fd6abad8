/* The survey: each change is saved as a draft at once (the form works without this: every step's
 * buttons save it too). Posts the step's form to its own address with X-Survey-Autosave: 1; the answer
 * is JSON ({"saved": true} or {"errors": {...}}) and the status line says what happened. */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("form[data-autosave]");
    if (!form || !window.fetch || !window.FormData) return;
    var status = document.getElementById("autosave-status");
    var timer = null;
    var busy = false;
    var again = false;

    function say(text) { if (status) status.textContent = text; }

    function send() {
      if (busy) { again = true; return; }
      busy = true;
      say(form.getAttribute("data-saving"));
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Survey-Autosave": "1", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        say(result.ok ? form.getAttribute("data-saved") : form.getAttribute("data-failed"));
        form.setAttribute("data-saved-state", result.ok ? "saved" : "refused");
      }).catch(function () {
        say(form.getAttribute("data-offline"));
        form.setAttribute("data-saved-state", "offline");
      }).then(function () {
        busy = false;
        if (again) { again = false; send(); }
      });
    }

    form.addEventListener("change", function (event) {
      if (!event.target.name) return;
      window.clearTimeout(timer);
      send();
    });
    form.addEventListener("input", function (event) {
      if (event.target.tagName !== "TEXTAREA") return;
      window.clearTimeout(timer);
      timer = window.setTimeout(send, 800);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
