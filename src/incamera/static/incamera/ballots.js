// incamera: a secret ballot's page (issue 14), over belenios.js (the protocol in the browser).
// What is made here never leaves this browser in clear: the delegation's private credential
// (kept in IndexedDB, shown once to be written down), the trustee's private key (saved as a file
// by its owner), the choices (encrypted before they are sent).  Each post carries a passkey
// confirmation of the SHA-256 of what is sent.  No inline script: the CSP allows only 'self'.
"use strict";

(function () {
  const app = document.querySelector("[data-ballot]");
  if (!app || !window.InCameraBelenios || !window.incamera) return;
  const B = window.InCameraBelenios;
  const data = app.dataset;
  const statusEl = document.getElementById("ballot-status");
  const say = (text, ok) => { statusEl.textContent = text; statusEl.className = ok ? "success" : "error"; };
  const begin = data.confirmBegin;
  const finish = data.confirmFinish;

  const sha256hex = async (text) => {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  };
  const confirmAndPost = async (url, field, value, purpose) => {
    const confirmed = await window.incamera.confirmDigest(await sha256hex(value), purpose, begin, finish);
    return window.incamera.post(url, { [field]: value, confirmation: confirmed.confirmation });
  };
  const fetchText = async (url) => {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    return response.text();
  };

  // The delegation's credential: 14 random base-58 characters and a checksum (Belenios §4.8).
  const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  const makeCredential = () => {
    const digits = [];
    while (digits.length < 14) {
      const [byte] = crypto.getRandomValues(new Uint8Array(1));
      if (byte < 232) digits.push(BASE58[byte % 58]); // 232 = 4 × 58: no bias
    }
    let value = 0n;
    for (const c of digits) value = value * 58n + BigInt(BASE58.indexOf(c));
    const text = digits.join("") + BASE58[Number(53n - (value % 53n))]; // 1 to 53: "v" when 53 divides it
    return text.match(/.{3}/g).join("-");
  };

  const DB = "incamera-ballots";
  const withStore = (mode, act) => new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore("credentials");
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const tx = request.result.transaction("credentials", mode);
      const op = act(tx.objectStore("credentials"));
      tx.oncomplete = () => resolve(op.result);
      tx.onerror = () => reject(tx.error);
    };
  });
  const slot = "account-" + data.account + "-ballot-" + data.uuid;
  const loadCredential = () => withStore("readonly", (store) => store.get(slot));
  const storeCredential = (credential) => withStore("readwrite", (store) => store.put(credential, slot));

  const choicesOf = (form) => Array.from(form.querySelectorAll("fieldset[data-question]"), (fieldset) =>
    Array.from(fieldset.querySelectorAll("input"), (input) => (input.checked ? 1 : 0)));

  const download = (name, text) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text + "\n"], { type: "application/json" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };

  const handlers = {
    async keygen() {
      say(data.working, true);
      const { privateKey, publicKey } = await B.trusteeKeygen();
      download(data.uuid + "-trustee.privkey", JSON.stringify(privateKey));
      await confirmAndPost(data.keyUrl, "public_key", publicKey, data.purposeKey);
      window.location.reload();
    },
    async credential() {
      const credential = makeCredential();
      const publicCredential = await B.publicCredential(credential, data.uuid);
      await confirmAndPost(data.credentialUrl, "public_credential", publicCredential, data.purposeCredential);
      await storeCredential(credential);
      const shown = document.getElementById("ballot-credential-shown");
      shown.querySelector("code").textContent = credential;
      shown.hidden = false;
      say(data.credentialDone, true);
    },
    async cast(form) {
      let credential = await loadCredential();
      const typed = document.getElementById("ballot-credential-input");
      if (typed && typed.value.trim()) credential = typed.value.trim();
      if (!credential) {
        document.getElementById("ballot-credential-entry").hidden = false;
        throw new Error(data.credentialMissing);
      }
      say(data.working, true);
      const election = await fetchText(data.electionUrl);
      const { ballot, tracker } = await B.makeBallot(election, credential, choicesOf(form));
      await confirmAndPost(data.castUrl, "ballot", ballot, data.purposeCast);
      const out = document.getElementById("ballot-tracker");
      out.querySelector("code").textContent = tracker;
      out.hidden = false;
      say(data.castDone, true);
    },
    async decrypt() {
      const file = document.getElementById("ballot-private-key").files[0];
      if (!file) throw new Error(data.keyMissing);
      let privateKey = (await file.text()).trim();
      if (privateKey.startsWith("\"")) privateKey = JSON.parse(privateKey);
      say(data.working, true);
      const [election, tally] = await Promise.all([fetchText(data.electionUrl), fetchText(data.tallyUrl)]);
      const decryption = await B.partialDecryption(election, tally, privateKey);
      await confirmAndPost(data.decryptionUrl, "partial_decryption", decryption, data.purposeDecrypt);
      window.location.reload();
    },
  };

  const run = (name, arg, button) => {
    if (button) button.disabled = true;
    handlers[name](arg).catch((err) => say(err.message || String(err), false)).finally(() => { if (button) button.disabled = false; });
  };
  app.addEventListener("click", (event) => {
    const button = event.target.closest("[data-ballot-keygen],[data-ballot-credential],[data-ballot-decrypt]");
    if (!button) return;
    event.preventDefault();
    const name = button.hasAttribute("data-ballot-keygen") ? "keygen" : button.hasAttribute("data-ballot-credential") ? "credential" : "decrypt";
    run(name, null, button);
  });
  const form = document.getElementById("ballot-form");
  if (form) form.addEventListener("submit", (event) => { event.preventDefault(); run("cast", form, form.querySelector("[data-ballot-cast]")); });
})();
