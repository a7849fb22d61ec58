// The network conversation's summary: a button that copies the text for the client file.
// Without JavaScript the button stays hidden and the text can be selected and copied by hand.
for (const button of document.querySelectorAll("[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById("copy-status");
  if (!field) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    let copied = false;
    try {
      await navigator.clipboard.writeText(field.value);
      copied = true;
    } catch {
      // No clipboard permission (an older browser, or not a secure page): select the text so
      // that Ctrl+C copies it.
      field.focus();
      field.select();
    }
    if (status) status.textContent = copied ? button.dataset.copied : button.dataset.failed;
  });
}
