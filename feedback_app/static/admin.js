// Copy the new API key (shown once) to the clipboard; the status line tells screen readers it worked.
(function () {
  const button = document.getElementById("copy-key");
  const input = document.getElementById("new-key");
  const status = document.getElementById("copy-status");
  if (!button || !input) return;
  button.addEventListener("click", async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (error) {
      document.execCommand("copy");  // plain http pages have no clipboard API
    }
    status.textContent = button.dataset.copied;
  });
})();
