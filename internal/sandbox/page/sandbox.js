"use strict";
// The sandbox page polls both simulated sides and renders them.
const ticks = { sending: "🕓", sent: "✓", seen: "✓✓ read", failed: "✗ not delivered" };

function render(list, items, mine) {
  list.replaceChildren(...items.map((m) => {
    const li = document.createElement("li");
    li.className = m.from === mine ? "out" : "in";
    li.textContent = m.text;
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = new Date(m.at).toLocaleTimeString() + (m.status ? " " + (ticks[m.status] || m.status) : "");
    li.append(meta);
    if (m.error) {
      const err = document.createElement("span");
      err.className = "err";
      err.textContent = m.error;
      li.append(err);
    }
    li.dataset.status = m.status || "";
    return li;
  }));
  list.scrollTop = list.scrollHeight;
}

async function refresh() {
  try {
    const s = await (await fetch("api/state")).json();
    document.getElementById("customer-name").textContent = s.customer_name;
    document.getElementById("phone").textContent = s.phone;
    document.getElementById("settings").href = s.settings_url;
    if (s.speed > 1) {
      const sp = document.getElementById("speed");
      sp.hidden = false;
      sp.textContent = "Timers are shortened " + s.speed + "×: a failed message is sent again after " + s.resend_delay + " (real module: 9m30s).";
    }
    render(document.getElementById("customer-log"), s.customer || [], "customer");
    render(document.getElementById("operator-log"), s.operator || [], "operator");
  } catch (e) { /* the sandbox may be restarting */ }
}

function post(url, body) {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function composer(formId, inputId, url) {
  document.getElementById(formId).addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const input = document.getElementById(inputId);
    if (!input.value.trim()) return;
    const text = input.value;
    input.value = "";
    await post(url, { text });
    refresh();
  });
}

composer("customer-form", "customer-text", "api/customer");
composer("operator-form", "operator-text", "api/operator");
document.getElementById("fail-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  await post("api/fail", { count: +document.getElementById("fail-count").value, code: +document.getElementById("fail-code").value });
  document.getElementById("fail-done").hidden = false;
});
refresh();
setInterval(refresh, 700);
