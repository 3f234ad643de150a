// The printable map's "Print or save as PDF" button (no inline handlers: the CSP allows scripts from /static only).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
