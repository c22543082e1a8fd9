"use strict";
// Controls (how 360dialog and MessageGateway misbehave, template review),
// the timers note, and the polling that renders everything.

const modeText = { normal: "sent, delivered, read", duplicate: "each status twice", out_of_order: "out of order",
  delivered: "no read statuses", none: "no statuses" };

function renderControls(s) {
  const c = s.controls;
  const parts = [];
  if (c.fail_pending) parts.push(c.fail_pending + " send(s) will be accepted, then reported failed");
  if (c.reject_pending) parts.push(c.reject_pending + " send(s) will be refused");
  $("fail-pending").textContent = parts.length ? "Waiting: " + parts.join("; ") + "." : "Every send goes through.";
  const hooks = [];
  if (c.delay_seconds) hooks.push("every webhook " + c.delay_seconds + " s late");
  if (c.status_mode && c.status_mode !== "normal") hooks.push("statuses: " + modeText[c.status_mode]);
  if (c.duplicate_messages) hooks.push("customer messages twice");
  $("hooks-state").textContent = hooks.length ? "In force: " + hooks.join("; ") + "." : "Webhooks arrive at once, once, in order.";
  if (!hooksInitialised) {
    hooksInitialised = true;
    $("hook-delay").value = String(c.delay_seconds);
    $("hook-mode").value = c.status_mode || "normal";
    $("hook-dup").checked = c.duplicate_messages;
  }
  $("mg-state").textContent = c.mg_down ? "down (answers 503)" : "up";
  $("mg-state").className = c.mg_down ? "down" : "";
  $("mg-toggle").textContent = c.mg_down ? "Bring up" : "Take down";
  $("mg-toggle").dataset.down = String(c.mg_down);
}

function templateRow(t) {
  const li = el("li", null, null, { "data-name": t.name, "data-language": t.language, "data-status": t.status });
  li.append(el("span", "tpl-name", t.name + " (" + t.language + ")"));
  const cls = t.pending ? "pending" : t.status;
  li.append(el("span", "tpl-status " + cls, t.pending ? "waiting for review" : t.status));
  if (t.reason) li.append(el("span", "hint", " " + t.reason));
  li.append(el("span", "tpl-body", t.body));
  if (t.pending) {
    const row = el("div", "tpl-actions");
    const approve = el("button", "approve", "Approve", { type: "button" });
    const reason = el("select", null, null, { "aria-label": "Rejection reason" });
    for (const r of ["INVALID_FORMAT", "INCORRECT_CATEGORY", "ABUSIVE_CONTENT", "SCAM", "TAG_CONTENT_MISMATCH"]) {
      reason.append(el("option", null, r.toLowerCase().replace(/_/g, " "), { value: r }));
    }
    const reject = el("button", "reject", "Reject", { type: "button" });
    const review = (status) => act("control-error", () =>
      post("control/template", { name: t.name, language: t.language, status, reason: status === "rejected" ? reason.value : "" }));
    approve.addEventListener("click", () => review("approved"));
    reject.addEventListener("click", () => review("rejected"));
    row.append(approve, reject, reason);
    li.append(row);
  }
  return li;
}

function renderSync(s) {
  const y = s.sync;
  if (!y) { $("sync-state").textContent = ""; return; }
  let text = y.pending ? "Loading templates into the CRM…" : !y.at ? "Templates not loaded into the CRM yet." :
    y.ok ? "Last loaded at " + hhmm(y.at) + ": " + y.approved + " approved template(s) in the CRM." :
      "Last load failed at " + hhmm(y.at) + ": " + y.error;
  $("sync-state").textContent = text;
}

function renderWATemplates(s) {
  renderSync(s);
  const t = s.timers || {};
  $("sync-note").textContent = "Approved templates reach the CRM chat at the module's next template sync (every " +
    (t.template_sync || "2h") + (t.shortened ? ", real module: " + t.template_sync_real : "") + ").";
  if (!changed("wa_templates", s.wa_templates)) return;
  $("wa-templates").replaceChildren(...(s.wa_templates || []).map(templateRow));
}

$("fail-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  act("control-error", () => post("control/fail", {
    count: Number($("fail-count").value), code: Number($("fail-code").value), mode: $("fail-mode").value,
  }));
});
$("hooks-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  act("control-error", () => post("control/webhooks", {
    delay_seconds: Number($("hook-delay").value), status_mode: $("hook-mode").value, duplicate_messages: $("hook-dup").checked,
  }));
});
$("mg-toggle").addEventListener("click", () => {
  const down = $("mg-toggle").dataset.down !== "true";
  act("control-error", () => post("control/mg", { down }));
});
$("sample-submit").addEventListener("click", () => act("control-error", () => post("control/sample", {})));
$("sync-now").addEventListener("click", () => act("control-error", () => post("control/sync", {})));

function renderTimers(s) {
  $("settings").href = s.settings_url;
  const t = s.timers || {};
  const box = $("timers");
  box.hidden = !t.shortened;
  box.textContent = t.shortened ? "Timers are " + t.speed + "× shorter than in the real module: a failed message is sent " +
    "a second time after " + t.resend_delay + " (real: " + t.resend_delay_real + "), templates are loaded every " +
    t.template_sync + " (real: " + t.template_sync_real + ")." : "";
}

// Polling.

let busy = false;
async function refresh() {
  if (busy) return;
  busy = true;
  try {
    const resp = await fetch("api/state", { cache: "no-store" });
    if (resp.ok) {
      state = await resp.json();
      renderTimers(state);
      renderPhone(state);
      renderCRM(state);
      renderTemplates(state);
      renderWATemplates(state);
      renderControls(state);
      document.body.dataset.ready = "true";
    }
  } catch (e) {
    // The sandbox may be restarting; the next poll tries again.
  } finally {
    busy = false;
  }
}

refresh();
setInterval(refresh, 700);
