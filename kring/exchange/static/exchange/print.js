// Show the print button only where JavaScript runs; the browser's own print works without it.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
