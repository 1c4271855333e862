// incamera: the virtual closed room. Entering asks the server for a fresh request (a nonce and the
// digest of "this person, this meeting, this request"), has the passkey confirm that digest, then
// spends the confirmation on a bridge link valid for a few minutes. The page polls its status
// every few seconds and prompts for a new confirmation when the chair asks for one.
// Loaded after app.js (both deferred), which provides window.incamera.
"use strict";

(function () {
  const section = document.getElementById("room");
  if (!section || !window.incamera) return;
  const { post, confirmDigest } = window.incamera;
  const data = section.dataset;
  const say = (text, ok) => {
    const el = section.querySelector("[data-room-status]");
    el.textContent = text;
    el.className = ok ? "success" : "error";
  };
  const badge = (verified) => {
    const el = document.getElementById("room-badge");
    el.textContent = verified ? data.verifiedText : data.unverifiedText;
    el.className = "badge " + (verified ? "verified" : "unverified");
  };

  // One confirmation, spent at ``spendUrl``: {confirmation, nonce} → the endpoint's answer.
  const confirmAndSpend = async (spendUrl) => {
    if (!window.PublicKeyCredential) throw new Error("This browser does not support passkeys.");
    const asked = await post(data.request);
    const confirmed = await confirmDigest(asked.digest, asked.purpose, data.begin, data.finish);
    return post(spendUrl, { confirmation: confirmed.confirmation, nonce: asked.nonce });
  };

  const busy = (button, work) => {
    button.disabled = true;
    work().catch((err) => say(err.message || String(err), false)).finally(() => { button.disabled = false; });
  };

  const reconfirmBox = document.getElementById("room-reconfirm");
  const showPrompt = (required) => {
    if (required && reconfirmBox.hidden) {
      reconfirmBox.hidden = false;
      reconfirmBox.querySelector("button").focus();
    } else if (!required) {
      reconfirmBox.hidden = true;
    }
  };

  section.addEventListener("click", (event) => {
    const join = event.target.closest("[data-room-join]");
    const leave = event.target.closest("[data-room-leave]");
    const reconfirm = event.target.closest("[data-room-reconfirm]");
    if (join) {
      busy(join, async () => {
        const issued = await confirmAndSpend(data.join);
        const link = section.querySelector("[data-room-link]");
        link.href = issued.url;
        section.querySelector("[data-room-expires]").textContent = "(" + new Date(issued.expires_at).toLocaleTimeString() + ")";
        document.getElementById("room-link").hidden = false;
        say(data.openedText, true);
        badge(true);
        link.focus();
      });
    } else if (leave) {
      busy(leave, async () => {
        await post(data.leave);
        document.getElementById("room-link").hidden = true;
        showPrompt(false);
        say(data.leftText, true);
      });
    } else if (reconfirm) {
      busy(reconfirm, async () => {
        await confirmAndSpend(data.reconfirm);
        showPrompt(false);
        badge(true);
        say(data.reconfirmedText, true);
      });
    }
  });

  // Polling, not push: a request every few seconds while the page is visible is honest and cheap.
  const poll = async () => {
    if (document.visibilityState !== "visible") return;
    try {
      const response = await fetch(data.status, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const status = await response.json();
      showPrompt(status.reconfirm_required);
      if (status.in_room) badge(status.verified);
    } catch (e) { /* offline for a moment: the next poll tries again */ }
  };
  window.setInterval(poll, 5000);
  poll();
})();
