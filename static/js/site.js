/* SIRU Exchange: the little the pages need from JavaScript. Everything works without it:
 * without JavaScript the menu is always open and switching language reloads the page as before. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  /* The menu button of narrow screens: shows and hides the header's links (aria-expanded). */
  function setUpMenu() {
    var button = document.querySelector(".site-header .menu-button");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    button.hidden = false;
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    button.addEventListener("click", function () {
      show(button.getAttribute("aria-expanded") !== "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        show(false);
        button.focus();
      }
    });
  }

  /* Switching language reloads the page: keep what was typed in the page's forms. The values are put
   * in sessionStorage just before the switch and put back once, on the same address, after it. */
  var KEY = "siru-unsaved:";
  var SKIPPED = ["hidden", "password", "file", "submit", "button", "reset", "image"];

  function keptForms() {
    return Array.prototype.filter.call(document.querySelectorAll("main form"), function (form) {
      return (form.getAttribute("method") || "get").toLowerCase() === "post" && !form.hasAttribute("data-no-keep");
    });
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && SKIPPED.indexOf(el.type) < 0 && !el.disabled && !el.readOnly;
    });
  }

  function formKey(form, index) {
    return form.id || form.getAttribute("action") || String(index);
  }

  function save() {
    var saved = {};
    keptForms().forEach(function (form, index) {
      var values = {};
      // Only what the reader changed: a field left as the page set it (the registration form's language,
      // say, which follows the language switched to) is the new page's to fill.
      keptFields(form).filter(function (el) { return !untouched(el); }).forEach(function (el) {
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.checked) (values[el.name] = values[el.name] || []).push(el.value);
          else values[el.name] = values[el.name] || [];
        } else if (el.multiple) {
          values[el.name] = Array.prototype.filter.call(el.options, function (o) { return o.selected; })
            .map(function (o) { return o.value; });
        } else {
          values[el.name] = [el.value];
        }
      });
      saved[formKey(form, index)] = values;
    });
    try { sessionStorage.setItem(KEY + location.pathname + location.search, JSON.stringify(saved)); } catch (e) { /* private mode */ }
  }

  function untouched(el) {
    if (el.type === "checkbox" || el.type === "radio") return el.checked === el.defaultChecked;
    if (el.options) {
      var initial = Array.prototype.filter.call(el.options, function (o) { return o.defaultSelected; });
      if (!initial.length && el.options.length) initial = [el.options[0]];
      return Array.prototype.every.call(el.options, function (o) { return o.selected === (initial.indexOf(o) >= 0); });
    }
    return el.value === el.defaultValue;
  }

  function restore() {
    var key = KEY + location.pathname + location.search;
    var raw = null;
    try { raw = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) { return; }
    if (!raw) return;
    var saved;
    try { saved = JSON.parse(raw); } catch (e) { return; }
    keptForms().forEach(function (form, index) {
      var values = saved[formKey(form, index)];
      if (!values) return;
      keptFields(form).forEach(function (el) {
        var value = values[el.name];
        if (!value || !untouched(el)) return;  // never overwrite what was typed since the page loaded
        if (el.type === "checkbox" || el.type === "radio") el.checked = value.indexOf(el.value) >= 0;
        else if (el.multiple) Array.prototype.forEach.call(el.options, function (o) { o.selected = value.indexOf(o.value) >= 0; });
        else if (value[0] !== "") el.value = value[0];
      });
    });
  }

  function setUpLanguageSwitch() {
    var form = document.querySelector(".lang-switch");
    if (form) form.addEventListener("submit", save);
    restore();
  }

  /* "Suggestions are being computed" (a background worker computes them, data-pending): ask for the page again
   * every few seconds, for two minutes at most, and reload it once the notice is gone from it. */
  function setUpPendingSuggestions() {
    if (!document.querySelector("[data-pending]") || !window.fetch) return;
    var tries = 0;
    function poll() {
      tries += 1;
      fetch(location.href, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          if (html && html.indexOf("data-pending") === -1) location.reload();
          else if (tries < 60) setTimeout(poll, 2000);
        })
        .catch(function () { if (tries < 60) setTimeout(poll, 5000); });
    }
    setTimeout(poll, 1500);
  }

  function setUp() {
    setUpMenu();
    setUpLanguageSwitch();
    setUpPendingSuggestions();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
