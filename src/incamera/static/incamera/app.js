// incamera: confirmation before destructive acts, passkey ceremonies (WebAuthn), and links whose
// secret is in the fragment.
// No inline script anywhere: the CSP allows only scripts from 'self'.
"use strict";

(function () {
  const b64urlToBytes = (s) => {
    const pad = "=".repeat((4 - (s.length % 4)) % 4);
    const raw = atob((s + pad).replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  const bytesToB64url = (buf) => {
    const bytes = new Uint8Array(buf);
    let s = "";
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
  const csrf = () => {
    const headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (e) { return ""; }
  };
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({ error: response.statusText }));
    if (!response.ok || data.error) throw new Error(data.error || response.statusText);
    return data;
  };
  const creationOptions = (o) => {
    o.challenge = b64urlToBytes(o.challenge);
    o.user.id = b64urlToBytes(o.user.id);
    (o.excludeCredentials || []).forEach((c) => { c.id = b64urlToBytes(c.id); });
    return o;
  };
  const requestOptions = (o) => {
    o.challenge = b64urlToBytes(o.challenge);
    (o.allowCredentials || []).forEach((c) => { c.id = b64urlToBytes(c.id); });
    return o;
  };
  const credentialJSON = (cred) => {
    const r = cred.response;
    const out = { id: cred.id, rawId: bytesToB64url(cred.rawId), type: cred.type, clientExtensionResults: cred.getClientExtensionResults(), response: { clientDataJSON: bytesToB64url(r.clientDataJSON) } };
    if (r.attestationObject) {
      out.response.attestationObject = bytesToB64url(r.attestationObject);
      if (r.getTransports) out.response.transports = r.getTransports();
    } else {
      out.response.authenticatorData = bytesToB64url(r.authenticatorData);
      out.response.signature = bytesToB64url(r.signature);
      out.response.userHandle = r.userHandle ? bytesToB64url(r.userHandle) : null;
    }
    if (cred.authenticatorAttachment) out.authenticatorAttachment = cred.authenticatorAttachment;
    return out;
  };
  const status = (button, text, ok) => {
    const el = button.parentElement.querySelector("[data-passkey-status]");
    if (el) { el.textContent = text; el.className = ok ? "success" : "error"; }
  };
  const sha256hex = async (text) => {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  };

  // The "confirm with passkey" step: the digest of what is approved is bound into the challenge
  // the authenticator signs; the answer names the confirmation ({confirmation, digest}).
  const confirmDigest = async (digest, purpose, begin, finish) => {
    const options = await post(begin, { digest });
    const cred = await navigator.credentials.get({ publicKey: requestOptions(options) });
    return post(finish, { credential: credentialJSON(cred), purpose: purpose || "" });
  };
  // For pages with a flow of their own (room.js).
  window.incamera = Object.freeze({ post, confirmDigest });

  const handlers = {
    async register(button) {
      const options = await post(button.dataset.begin);
      const cred = await navigator.credentials.create({ publicKey: creationOptions(options) });
      const name = document.getElementById(button.dataset.nameInput)?.value || "";
      await post(button.dataset.finish, { credential: credentialJSON(cred), name });
      status(button, button.dataset.done || "✓", true);
      window.location.reload();
    },
    async signin(button) {
      const options = await post(button.dataset.begin);
      const cred = await navigator.credentials.get({ publicKey: requestOptions(options) });
      const result = await post(button.dataset.finish, { credential: credentialJSON(cred) });
      window.location.assign(result.next || "/meetings/");
    },
    async confirm(button) {
      // Later features set data-digest (or data-text).
      const digest = button.dataset.digest || (await sha256hex(button.dataset.text || ""));
      const result = await confirmDigest(digest, button.dataset.purpose, button.dataset.begin, button.dataset.finish);
      status(button, "✓ " + result.digest, true);
      button.dispatchEvent(new CustomEvent("incamera:confirmed", { bubbles: true, detail: result }));
      // A form that needs the confirmation (e.g. signing the NDA) is submitted with its id.
      const form = button.dataset.submitForm && document.getElementById(button.dataset.submitForm);
      if (form) {
        form.querySelector("[data-confirmation-input]").value = result.confirmation;
        if (form.reportValidity()) form.submit();
      }
    },
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-passkey-register],[data-passkey-signin],[data-passkey-confirm]");
    if (!button) return;
    event.preventDefault();
    if (!window.PublicKeyCredential) { status(button, "This browser does not support passkeys.", false); return; }
    const kind = button.hasAttribute("data-passkey-register") ? "register" : button.hasAttribute("data-passkey-signin") ? "signin" : "confirm";
    button.disabled = true;
    handlers[kind](button).catch((err) => status(button, err.message || String(err), false)).finally(() => { button.disabled = false; });
  });

  // A mailed link (an invitation, a password reset) carries its secret after "#": browsers never
  // send the fragment, so it reaches no server log. Its landing page posts it, once, and drops it
  // from the address bar and the history.
  const fragmentForm = document.querySelector("form[data-fragment-secret]");
  if (fragmentForm && window.location.hash.length > 1) {
    fragmentForm.querySelector("[data-fragment-input]").value = window.location.hash.slice(1);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    fragmentForm.submit();
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
