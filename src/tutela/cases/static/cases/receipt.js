// Offers a copy button for the receipt (the download works without script).
(function () {
  "use strict";
  const button = document.querySelector("[data-copy-receipt]");
  const receipt = document.querySelector("[data-receipt]");
  const status = document.querySelector("[data-copy-status]");
  if (!button || !receipt || !navigator.clipboard) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(receipt.textContent.trim()).then(function () {
      if (status) { status.textContent = "Copied."; }
    });
  });
})();
