// Small behaviours without inline scripts (a Content Security Policy can forbid those).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
