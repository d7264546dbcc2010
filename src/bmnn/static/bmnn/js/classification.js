// bmnn: the proposal form hides the summary field for the levels whose summary the
// regime in force never allows (Tuyệt mật from 01/03/2026). The server refuses it anyway.
document.addEventListener("DOMContentLoaded", function () {
  var level = document.querySelector("[data-level-select]");
  var summary = document.querySelector("[data-hidden-for-level]");
  if (!level || !summary) { return; }
  var wrapper = summary.closest(".field") || summary;
  function toggle() {
    var hidden = level.value === summary.getAttribute("data-hidden-for-level");
    wrapper.hidden = hidden;
    summary.disabled = hidden;
  }
  level.addEventListener("change", toggle);
  toggle();
});
