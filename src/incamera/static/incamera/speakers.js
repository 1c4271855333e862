// incamera: the speakers list, live (issue 12).  The page is complete without this file (forms and
// a reload); with it, the list follows the server's stream of events (conduct/live.py), falls back
// to polling state.json every second when the stream is refused or unsupported, counts the
// speaker's time down between events, and sends the page's forms without leaving the page.
// No inline script: the configuration comes from the page's json_script block.
"use strict";

(function () {
  const configNode = document.getElementById("speakers-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  const labels = config.labels;
  const status = document.getElementById("live-status");
  const errorBox = document.getElementById("speakers-error");
  const current = document.getElementById("current");
  const queue = document.getElementById("queue");
  const budgets = document.querySelector("#budgets tbody");
  const csrf = () => {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  };

  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) node.append(child);
    return node;
  };
  const clock = (seconds) => {
    const sign = seconds < 0 ? "+" : "";
    const abs = Math.abs(seconds);
    return sign + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
  };

  // --- the timer: counted down here between events --------------------------------------------
  let timer = null; // {remaining, paused, at}
  const tick = () => {
    const node = current && current.querySelector(".timer");
    if (!node || !timer) return;
    const spent = timer.paused ? 0 : Math.floor((Date.now() - timer.at) / 1000);
    const left = timer.remaining - spent;
    node.textContent = clock(left) + (timer.paused ? " (" + labels.paused + ")" : "");
    node.classList.toggle("over", left < 0);
  };
  setInterval(tick, 250);

  // --- drawing a snapshot ------------------------------------------------------------------------
  const hidden = (name, value) => el("input", { type: "hidden", name: name, value: value });
  const actForm = (fields, text, extra) => {
    const form = el("form", { method: "post", action: config.act, class: "inline js-act" }, hidden("csrfmiddlewaretoken", csrf()));
    for (const [name, value] of fields) form.append(hidden(name, value));
    const button = el("button", { type: "submit", class: "secondary" }, text);
    if (extra) button.append(el("span", { class: "visually-hidden" }, " " + extra));
    form.append(button);
    return form;
  };
  const drawCurrent = (turn) => {
    if (!current) return;
    current.replaceChildren();
    if (!turn) {
      timer = null;
      current.append(el("p", { class: "empty" }, labels.nobody));
      return;
    }
    timer = { remaining: turn.remaining_s, paused: turn.paused, at: Date.now() };
    current.append(
      el("p", { class: "speaker" }, el("strong", {}, turn.delegation), " ", el("span", { class: "kind" }, "(" + (labels.kinds[turn.kind] || turn.kind) + ")")),
      el("p", { class: "timer", role: "timer", "aria-live": "off" }, "")
    );
    tick();
  };
  const drawQueue = (rows) => {
    if (!queue) return;
    queue.replaceChildren();
    if (!rows.length) {
      queue.append(el("li", { class: "empty" }, labels.empty));
      return;
    }
    const speaking = rows.filter((r) => r.kind === "speak").map((r) => r.delegation);
    for (const row of rows) {
      const item = el("li", {}, el("span", { class: "who" }, row.delegation), " ", el("span", { class: "kind kind-" + row.kind }, labels.kinds[row.kind] || row.kind));
      if (config.chair) {
        const actions = el("span", { class: "row-actions" });
        actions.append(actForm([["action", "give"], ["delegation", row.delegation], ["kind", row.kind]], labels.give, row.delegation));
        if (row.kind === "speak") {
          const i = speaking.indexOf(row.delegation);
          const swapped = (a, b) => { const order = speaking.slice(); [order[a], order[b]] = [order[b], order[a]]; return order; };
          if (i > 0) actions.append(actForm([["action", "reorder"], ...swapped(i - 1, i).map((d) => ["order", d])], labels.up, row.delegation));
          if (i < speaking.length - 1) actions.append(actForm([["action", "reorder"], ...swapped(i, i + 1).map((d) => ["order", d])], labels.down, row.delegation));
        }
        item.append(" ", actions);
      }
      queue.append(item);
    }
  };
  const drawBudgets = (rows) => {
    if (!budgets) return;
    budgets.replaceChildren();
    for (const row of rows) {
      const remaining = row.budget_s - row.used_s;
      budgets.append(el("tr", { class: remaining < 0 ? "over" : null }, el("td", {}, row.delegation), el("td", {}, String(row.budget_s)), el("td", {}, String(row.used_s)), el("td", {}, String(remaining))));
    }
  };
  const drawOwn = (snapshot) => {
    if (!config.own) return;
    const pending = new Set(snapshot.queue.filter((r) => r.delegation === config.own).map((r) => r.kind));
    const turn = snapshot.current;
    const holding = turn && turn.delegation === config.own ? turn.kind : null; // cannot ask for it again now
    document.querySelectorAll("form[data-own]").forEach((form) => {
      const mine = pending.has(form.dataset.kind);
      form.hidden = form.dataset.own === "ask" ? mine || holding === form.dataset.kind : !mine;
    });
  };
  const drawControls = (turn) => {
    const state = !turn ? "idle" : turn.paused ? "paused" : "running";
    document.querySelectorAll("form[data-when]").forEach((form) => {
      form.hidden = !form.dataset.when.split(" ").includes(state);
    });
  };
  const apply = (snapshot) => {
    drawControls(snapshot.current);
    drawCurrent(snapshot.current);
    drawQueue(snapshot.queue);
    drawBudgets(snapshot.budgets);
    drawOwn(snapshot);
  };
  const say = (text) => { if (status) status.textContent = text; };

  // --- the stream, and polling when there is none ------------------------------------------------
  let source = null;
  let polling = null;
  const poll = async () => {
    try {
      const response = await fetch(config.state, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) apply((await response.json()).speakers);
    } catch (e) { say(labels.offline); }
  };
  const startPolling = () => {
    if (polling) return;
    polling = setInterval(poll, 1000);
    say(labels.polling);
    setTimeout(() => { stopPolling(); connect(); }, 30000); // try a stream again
  };
  const stopPolling = () => { if (polling) { clearInterval(polling); polling = null; } };
  const connect = () => {
    if (!window.EventSource) { startPolling(); return; }
    source = new EventSource(config.events);
    source.addEventListener("speakers", (event) => {
      stopPolling();
      say(labels.live);
      apply(JSON.parse(event.data));
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) { // refused (503): poll instead
        source = null;
        startPolling();
      } else {
        say(labels.offline); // the browser reconnects by itself; poll meanwhile
        poll();
      }
    });
  };
  connect();

  // --- the forms, without leaving the page -------------------------------------------------------
  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.js-act");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrf() },
        body: new FormData(form),
      });
      const data = await response.json().catch(() => ({ detail: response.statusText }));
      if (!response.ok) {
        errorBox.textContent = data.detail || response.statusText;
        errorBox.hidden = false;
        return;
      }
      errorBox.hidden = true;
      apply(data.speakers);
      if (form.querySelector("input[name=action][value=adjust]")) form.reset();
    } catch (e) {
      errorBox.textContent = labels.offline;
      errorBox.hidden = false;
    } finally {
      if (button) button.disabled = false;
    }
  });
})();
