// Hotline pages: filter the long list of units by typing (the <select> works without JavaScript).
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }
  document.querySelectorAll("input.js-unit-filter").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-target"));
    if (!select) { return; }
    var options = Array.prototype.slice.call(select.options);
    input.setAttribute("aria-controls", select.id);
    input.addEventListener("input", function () {
      var needle = fold(input.value.trim());
      var firstMatch = null;
      options.forEach(function (opt) {
        var show = !needle || opt.value === "" || fold(opt.text).indexOf(needle) !== -1;
        opt.hidden = !show;
        opt.disabled = !show;
        if (show && opt.value !== "" && firstMatch === null) { firstMatch = opt; }
      });
      var current = select.selectedIndex < 0 ? null : select.options[select.selectedIndex];
      if (needle && firstMatch && (!current || current.hidden || current.value === "")) {
        firstMatch.selected = true;
      }
    });
  });
})();

// Intake form: choosing "Ẩn danh" hides and empties the contact fields (the server drops them anyway,
// so the form works the same without JavaScript).
(function () {
  "use strict";
  document.querySelectorAll("form.hotline-form").forEach(function (form) {
    var block = form.querySelector(".hotline-contact");
    var radios = form.querySelectorAll("input[name=submitter_type]");
    if (!block || !radios.length) { return; }
    function sync() {
      var checked = form.querySelector("input[name=submitter_type]:checked");
      var anonymous = !!checked && checked.value === "anonymous";
      block.hidden = anonymous;
      if (anonymous) {
        block.querySelectorAll("input, textarea").forEach(function (field) { field.value = ""; });
      }
    }
    radios.forEach(function (radio) { radio.addEventListener("change", sync); });
    sync();
  });
})();

// Back from a receipt to the form just filed: the browser fills the form again with what was typed, under a
// new one-time token, and "Gửi" would file the same report twice. The receipt page leaves a mark
// (receipt.js); on the way back the form is emptied and says why. Any other visit clears the mark.
(function () {
  "use strict";
  var form = document.querySelector("form.hotline-form");
  if (!form) { return; }
  function cameBack(event) {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return event.persisted || (entries.length > 0 && entries[0].type === "back_forward");
  }
  window.addEventListener("pageshow", function (event) {
    var sent = null;
    try {
      sent = window.sessionStorage.getItem("hotline-sent");
      window.sessionStorage.removeItem("hotline-sent");
    } catch (e) { return; }
    if (!sent || !cameBack(event)) { return; }
    form.reset();
    form.querySelectorAll("input[name=submitter_type]").forEach(function (radio) {
      radio.dispatchEvent(new Event("change"));
    });
    var notice = document.getElementById("sent-notice");
    if (notice) { notice.hidden = false; }
  });
})();
