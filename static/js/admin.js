/* The admin site under the Content Security Policy: no inline handlers, so the
   handlers that django-import-export writes inline are attached here. */
const labels = document.currentScript.dataset;
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    // its label points at an id the input does not have
    toggle.id = "select-all-toggle";
    toggle.removeAttribute("onchange");
    if (typeof window.onSelectToggleChange === "function") {
      toggle.addEventListener("change", window.onSelectToggleChange);
    }
  });
  // list_editable inputs have no label of their own: name them after their column
  document.querySelectorAll("#result_list tbody input:not([type=hidden]):not([type=checkbox]), #result_list tbody select").forEach((input) => {
    if (input.labels && input.labels.length) return;
    const cell = input.closest("td");
    const column = cell ? cell.cellIndex : -1;
    const header = column >= 0 ? document.querySelectorAll("#result_list thead th")[column] : null;
    const row = input.closest("tr");
    const name = row ? row.querySelector("th a, th") : null;
    if (header) {
      input.setAttribute("aria-label", `${header.textContent.trim()}${name ? `（${name.textContent.trim()}）` : ""}`);
    }
  });
  // tabular inlines leave two header cells empty (the object and the delete column)
  document.querySelectorAll(".tabular thead th.original, .tabular thead th:empty").forEach((th) => {
    if (!th.textContent.trim()) {
      const span = document.createElement("span");
      span.className = "visually-hidden";
      span.textContent = th.classList.contains("original") ? labels.recordLabel : labels.deleteLabel;
      th.appendChild(span);
    }
  });
  // the changelist search box: a name screen readers can announce
  const search = document.getElementById("searchbar");
  if (search && !search.getAttribute("aria-label")) search.setAttribute("aria-label", labels.searchLabel);
  // autocomplete boxes (select2) are drawn after load: name each after its field's label
  const nameComboboxes = () => {
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const box = select.parentElement.querySelector(".select2-selection[role=combobox]");
      const label = select.labels && select.labels[0];
      if (box && label && !box.getAttribute("aria-label")) {
        const name = label.textContent.replace(/[:：]\s*$/, "").trim();
        box.setAttribute("aria-label", name);
        const shown = box.querySelector("[role=textbox]");
        if (shown) shown.setAttribute("aria-label", name);
      }
    });
  };
  nameComboboxes();
  new MutationObserver(nameComboboxes).observe(document.body, { childList: true, subtree: true });
});
