// The receipt page: "Sao chép" copies the tracking code or the PIN, "In phiếu tiếp nhận" prints the receipt.
// Both buttons stay hidden without JavaScript; the codes are then selected and copied by hand as any text.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  // The form this receipt answers was filed: going back to it empties it (hotline.js), so that pressing
  // "Gửi" again does not file the same report a second time.
  try { window.sessionStorage.setItem("hotline-sent", "1"); } catch (e) { /* storage off: nothing kept */ }

  function say(text) {
    if (status) { status.textContent = text; }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Plain http (a test server): a hidden text area and the old copy command.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy")); }
    });
  }

  document.querySelectorAll("button.copy-button").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = target.textContent.trim();
      copyText(text).then(function () {
        var done = button.getAttribute("data-copied") || label;
        button.textContent = done;
        say(done + ": " + text);
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        var range = document.createRange();  // cannot copy: select the code so the person copies it
        range.selectNodeContents(target);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
  });

  var print = document.getElementById("print-receipt");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
