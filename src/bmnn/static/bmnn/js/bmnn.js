// bmnn: small behaviours without inline script (the CSP forbids it).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a.back-link").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); history.back(); });
  });
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function (e) { e.preventDefault(); window.print(); });
  });
});
