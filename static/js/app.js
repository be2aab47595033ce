// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // The main menu on a phone: folded behind its button (the CSS shows the button only on narrow screens).
  document.querySelectorAll(".main-nav").forEach(function (nav) {
    var toggle = nav.querySelector(".nav-toggle");
    if (!toggle) { return; }
    toggle.hidden = false;
    nav.classList.add("folded");
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("folded") === false;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
  document.querySelectorAll("select.js-autosubmit").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
  // The date widget (core/forms.py DateInput): the box takes dd/mm/yyyy typed; the button beside it opens the
  // browser's calendar (a native date input kept out of sight and out of the tab order) and writes the picked
  // day back into the box as dd/mm/yyyy.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function isoOf(typed) {
    var m = /^\s*(\d{1,2})[\/-](\d{1,2})[\/-](\d{4})\s*$/.exec(typed);
    if (m) { return m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]); }
    return /^\d{4}-\d{2}-\d{2}$/.test(typed.trim()) ? typed.trim() : "";
  }
  var CALENDAR_ICON = '<svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24">' +
    '<path fill="currentColor" d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1h3zm12 ' +
    '7H5v10h14zM8 11h3v3H8z"/></svg>';
  document.querySelectorAll("input.date-input").forEach(function (box) {
    var wrap = document.createElement("span");
    wrap.className = "date-picker";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "date-picker-btn";
    var label = box.id ? document.querySelector('label[for="' + box.id + '"]') : null;
    var name = box.getAttribute("data-picker-label") || "";
    if (label) {
      var shown = label.cloneNode(true);
      shown.querySelectorAll("[aria-hidden='true']").forEach(function (n) { n.remove(); });
      name += ": " + shown.textContent.replace(/\s+/g, " ").trim();
    }
    // Named by its text (not aria-label): finding a field by its label then finds the box alone.
    button.title = box.getAttribute("data-picker-label") || "";
    button.innerHTML = CALENDAR_ICON;
    var text = document.createElement("span");
    text.className = "visually-hidden";
    text.textContent = name;
    button.appendChild(text);
    var native = document.createElement("input");
    native.type = "date";
    native.className = "date-native";
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    native.title = name;
    box.parentNode.insertBefore(wrap, box);
    wrap.appendChild(box);
    wrap.appendChild(button);
    wrap.appendChild(native);
    if (box.disabled || box.readOnly) { button.disabled = true; }
    button.addEventListener("click", function () {
      native.value = isoOf(box.value);
      try { native.showPicker(); } catch (err) { native.focus(); native.click(); }
    });
    native.addEventListener("change", function () {
      var p = native.value.split("-");
      if (p.length !== 3) { return; }
      box.value = p[2] + "/" + p[1] + "/" + p[0];
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.dispatchEvent(new Event("change", { bubbles: true }));
      box.focus();
    });
  });
  // A table wider than the screen scrolls inside its .table-wrap: such a box takes the keyboard focus (the
  // arrow keys then scroll it) and is announced as a region named after its table.
  function focusableScrollers() {
    document.querySelectorAll(".table-wrap, .table-scroll").forEach(function (box) {
      if (box.scrollWidth <= box.clientWidth + 1 || box.hasAttribute("tabindex")) { return; }
      box.tabIndex = 0;
      var table = box.querySelector("table");
      var caption = table && table.querySelector("caption");
      var section = box.closest("section");
      var heading = section && section.querySelector("h2, h3");
      var name = (caption && caption.textContent) || (table && table.getAttribute("aria-label")) ||
        (heading && heading.textContent) || (section && section.getAttribute("aria-label")) || "";
      name = name.replace(/\s+/g, " ").trim();
      if (name && !box.hasAttribute("role")) {
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name);
      }
    });
  }
  focusableScrollers();
  window.addEventListener("resize", focusableScrollers);
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function (ev) { ev.preventDefault(); window.print(); });
  });
})();
