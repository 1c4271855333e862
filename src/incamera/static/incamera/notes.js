// incamera: the Chatham House note form flags identifying mentions while the note is typed
// (notes/views.py, check_note).  Offsets from the server are in code points; the textarea's are
// UTF-16 units, so each is converted.  The form refuses to submit while a mention remains; the
// server checks again either way.  No inline script: the CSP allows only scripts from 'self'.
"use strict";

(function () {
  const form = document.getElementById("note-form");
  if (!form || !form.dataset.checkUrl) return;
  const textarea = document.getElementById("note-text");
  const box = document.getElementById("note-mentions");
  const status = document.getElementById("note-mentions-status");
  const list = document.getElementById("note-mentions-list");
  const save = document.getElementById("note-save");
  const labels = box.dataset;
  const csrf = () => {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  };
  // Code-point offset → UTF-16 offset in ``text``.
  const unit = (text, points) => {
    let i = 0;
    for (let p = 0; p < points && i < text.length; p++) i += text.codePointAt(i) > 0xffff ? 2 : 1;
    return i;
  };
  let mentions = [];
  let pending = null;
  let sequence = 0;

  const splice = (mention, replacement) => {
    const text = textarea.value;
    const start = unit(text, mention.start);
    const end = unit(text, mention.end);
    textarea.value = text.slice(0, start) + replacement + text.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + replacement.length, start + replacement.length);
    check();
  };
  const button = (text, onclick) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onclick);
    return b;
  };
  const render = () => {
    list.replaceChildren();
    save.disabled = mentions.length > 0;
    textarea.setAttribute("aria-invalid", mentions.length > 0 ? "true" : "false");
    status.textContent = textarea.value.trim() === "" ? "" : mentions.length ? labels.labelSome + " " + mentions.length : labels.labelNone;
    const text = textarea.value;
    for (const m of mentions) {
      const li = document.createElement("li");
      const mark = document.createElement("mark");
      mark.textContent = m.quote;
      li.append(mark, ` (${m.kind}) `);
      li.append(button(labels.labelSelect, () => {
        textarea.focus();
        textarea.setSelectionRange(unit(text, m.start), unit(text, m.end));
      }));
      li.append(" ", button(`${labels.labelReplace} “${m.placeholder}”`, () => splice(m, m.placeholder)));
      li.append(" ", button(labels.labelRemove, () => splice(m, "")));
      list.append(li);
    }
  };
  const check = () => {
    const mine = ++sequence;
    const text = textarea.value;
    if (text.trim() === "") { mentions = []; render(); return Promise.resolve(); }
    pending = fetch(form.dataset.checkUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ text }),
    })
      .then((r) => r.json().then((data) => ({ ok: r.ok, data })))
      .then(({ ok, data }) => {
        if (mine !== sequence) return;
        if (!ok) { mentions = []; render(); status.textContent = data.detail || labels.labelFailed; return; }
        mentions = data.mentions;
        render();
      })
      .catch(() => { if (mine === sequence) { mentions = []; render(); status.textContent = labels.labelFailed; } });
    return pending;
  };
  let timer = null;
  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 200);
  });
  form.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.value === "replace") return;
    if (mentions.length) {
      event.preventDefault();
      status.textContent = labels.labelSome + " " + mentions.length;
      list.querySelector("button")?.focus();
    }
  });
  if (textarea.value.trim() !== "") check();
})();
