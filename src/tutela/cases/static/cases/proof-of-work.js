// Solves the form's hashcash challenge before it is sent: SHA-256(challenge + ":" + nonce)
// must start with the number of zero bits the challenge names. No address is needed to
// limit abuse; the work costs a sender about a second per report.
(function () {
  "use strict";
  function leadingZeroBits(bytes) {
    let bits = 0;
    for (const byte of bytes) {
      if (byte === 0) { bits += 8; continue; }
      return bits + Math.clz32(byte) - 24;
    }
    return bits;
  }
  async function solve(challenge) {
    const wanted = parseInt(challenge.split(".")[0], 10);
    const encoder = new TextEncoder();
    for (let counter = 0; ; counter += 1) {
      const digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + counter));
      if (leadingZeroBits(new Uint8Array(digest)) >= wanted) { return String(counter); }
    }
  }
  document.querySelectorAll("form[data-proof-of-work]").forEach(function (form) {
    const challenge = form.querySelector("input[name=challenge]");
    const nonce = form.querySelector("input[name=nonce]");
    const status = form.querySelector("[data-proof-status]");
    if (!challenge || !nonce || !window.crypto || !crypto.subtle) { return; }
    const started = solve(challenge.value).then(function (found) {
      nonce.value = found;
      form.dataset.proofReady = "yes";
      if (status) { status.textContent = status.dataset.done || "Ready to send."; }
    });
    form.addEventListener("submit", function (event) {
      if (nonce.value) { return; }
      event.preventDefault();
      if (status) { status.textContent = "Finishing the anti-abuse check…"; }
      started.then(function () { form.submit(); });
    });
  });
})();
