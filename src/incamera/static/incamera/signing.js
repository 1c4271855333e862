// incamera: the member's signing key (issue 13, dual-track signatures).
// The key is made here with WebCrypto (Ed25519, or ECDSA P-256 where Ed25519 is missing), its
// private half non-extractable and kept in this browser's IndexedDB; only the public key (SPKI)
// leaves, registered with a passkey confirmation of its SHA-256.  Signing a resolution signs the
// 32 bytes of its whole digest with this key, then confirms the same digest with a passkey.
// No inline script anywhere: the CSP allows only scripts from 'self'.
"use strict";

(function () {
  const DB = "incamera-signing";
  const STORE = "keys";
  const openDb = () => new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const withStore = async (mode, act) => {
    const db = await openDb();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = act(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  };
  // One slot per account: two people may share a browser.
  const slot = (account) => "account-" + account;
  const loadKey = (account) => withStore("readonly", (store) => store.get(slot(account)));
  const storeKey = (account, record) => withStore("readwrite", (store) => store.put(record, slot(account)));

  const toBase64 = (buffer) => {
    let s = "";
    for (const b of new Uint8Array(buffer)) s += String.fromCharCode(b);
    return btoa(s);
  };
  const hexToBytes = (hex) => Uint8Array.from(hex.match(/../g) || [], (h) => parseInt(h, 16));
  const sha256hex = async (buffer) => {
    const digest = await crypto.subtle.digest("SHA-256", buffer);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  };
  const signParams = (algorithm) => (algorithm === "Ed25519" ? { name: "Ed25519" } : { name: "ECDSA", hash: "SHA-256" });

  const generate = async () => {
    try {
      return { algorithm: "Ed25519", pair: await crypto.subtle.generateKey({ name: "Ed25519" }, false, ["sign", "verify"]) };
    } catch (err) {
      const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
      return { algorithm: "ECDSA-P256-SHA256", pair };
    }
  };

  const say = (el, text, ok) => {
    const out = el.closest("section").querySelector("[data-signing-status]");
    if (out) { out.textContent = text; out.className = ok ? "success" : "error"; }
  };

  const handlers = {
    async register(button) {
      const { algorithm, pair } = await generate();
      const spki = await crypto.subtle.exportKey("spki", pair.publicKey);
      const fingerprint = await sha256hex(spki);
      const confirmed = await window.incamera.confirmDigest(fingerprint, "signing-key", button.dataset.begin, button.dataset.finish);
      await window.incamera.post(button.dataset.register, { algorithm, public_key: toBase64(spki), confirmation: confirmed.confirmation });
      await storeKey(button.dataset.account, { algorithm, fingerprint, privateKey: pair.privateKey, publicKey: pair.publicKey });
      say(button, button.dataset.done, true);
      window.location.reload();
    },
    async sign(button) {
      const record = await loadKey(button.dataset.account);
      if (!record || record.fingerprint !== button.dataset.fingerprint) throw new Error(button.dataset.missing);
      const digest = button.dataset.digest;
      const signature = await crypto.subtle.sign(signParams(record.algorithm), record.privateKey, hexToBytes(digest));
      const confirmed = await window.incamera.confirmDigest(digest, button.dataset.purpose, button.dataset.begin, button.dataset.finish);
      await window.incamera.post(button.dataset.submit, { digest, signature: toBase64(signature), confirmation: confirmed.confirmation });
      say(button, button.dataset.done, true);
      window.location.reload();
    },
  };

  // Whether this browser holds the registered key: said on the key page and the signing panel.
  document.querySelectorAll("[data-signing-holder]").forEach(async (el) => {
    try {
      const record = await loadKey(el.dataset.account);
      const held = record && record.fingerprint === el.dataset.fingerprint;
      el.textContent = held ? el.dataset.held : el.dataset.notHeld;
      el.className = held ? "success" : "error";
    } catch (err) {
      el.textContent = el.dataset.notHeld;
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-signing-register],[data-signing-sign]");
    if (!button) return;
    event.preventDefault();
    if (!window.crypto || !crypto.subtle || !window.indexedDB || !window.PublicKeyCredential) {
      say(button, button.dataset.unsupported, false);
      return;
    }
    const kind = button.hasAttribute("data-signing-register") ? "register" : "sign";
    button.disabled = true;
    handlers[kind](button).catch((err) => say(button, err.message || String(err), false)).finally(() => { button.disabled = false; });
  });
})();
