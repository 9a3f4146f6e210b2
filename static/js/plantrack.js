// Plantrack's own behaviour, kept out of the HTML so that no inline script is needed.
// Loaded without "defer" in <head> (templates/base.html): every handler is delegated from the document, so
// none waits for the page, and a date typed or a period chosen the moment a form shows is never missed.
document.addEventListener("submit", (event) => {
  const form = event.target;
  // data-check-one="name": at least one of those checkboxes ticked, checked before any confirm box, so the
  // error shows at once (the element #<name>-error-live says it) and nothing typed or chosen is lost.
  const group = form.dataset.checkOne;
  if (group && !form.querySelector(`input[name="${group}"]:checked`)) {
    event.preventDefault();
    const error = document.getElementById(`${group}-error-live`);
    if (error) {
      error.hidden = false;
      error.scrollIntoView({ block: "center" });
    }
    return;
  }
  const question = form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// A custom period's dates (data-custom-period on the "From"/"To" inputs): typing one selects "Dates below"
// in the form's period list; choosing another period there clears them, so what is shown is what is used.
document.addEventListener("input", (event) => {
  const input = event.target;
  const custom = input.dataset && input.dataset.customPeriod;
  const select = custom && input.form && input.form.elements.namedItem("period");
  if (select && input.value.trim()) {
    select.value = custom;
  }
});
document.addEventListener("change", (event) => {
  const select = event.target;
  if (select.name !== "period" || !select.form) return;
  for (const input of select.form.querySelectorAll("[data-custom-period]")) {
    if (select.value !== input.dataset.customPeriod) input.value = "";
  }
});
