// Copy buttons (no inline JavaScript; the CSP forbids it): a button with data-copy-target="ID" copies the text
// of the element with that id. The button stays hidden where the clipboard is not available; the text can
// still be selected by hand.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) { return; }
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = button.getAttribute("data-copied-label") || label;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
});
