// Small behaviours without inline scripts (a Content Security Policy can forbid those).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A select marked data-autosubmit sends its form when it changes (the task status);
// <noscript> buttons keep the forms usable without JavaScript.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) {
    field.form.requestSubmit();
  }
});
