// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.querySelectorAll("select.js-autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function (ev) { ev.preventDefault(); window.print(); });
  });
})();
