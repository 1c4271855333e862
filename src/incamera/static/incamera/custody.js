// incamera: a custodian submits their share of a sealed record (issue 15).  The share, opened on
// the custodian's own machine (incamera custodian open-share), is confirmed with a passkey over
// its SHA-256 before the form is sent.  No inline script: the CSP allows only 'self'.
"use strict";

(function () {
  const form = document.getElementById("share-form");
  if (!form || !window.incamera) return;
  const statusEl = document.getElementById("share-status");
  const sha256hex = async (text) => {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  };
  form.addEventListener("submit", async (event) => {
    if (form.dataset.confirmed === "1") return;
    event.preventDefault();
    const share = form.querySelector("[name=share]");
    share.value = share.value.trim();
    if (!form.reportValidity()) return;
    try {
      statusEl.textContent = form.dataset.waiting;
      statusEl.className = "";
      const confirmed = await window.incamera.confirmDigest(
        await sha256hex(share.value), form.dataset.purpose, form.dataset.confirmBegin, form.dataset.confirmFinish);
      form.querySelector("[name=confirmation]").value = confirmed.confirmation;
      form.dataset.confirmed = "1";
      form.submit();
    } catch (error) {
      statusEl.textContent = error.message;
      statusEl.className = "error";
    }
  });
})();
