"use strict";
// The operator's CRM chat: messages with MessageGateway's ticks and the
// module's own view of each send (first failure, resend countdown), the
// 24-hour window, quoting and answering.

const statusText = { sending: "🕓 Sending", sent: "✓ Sent", seen: "✓✓ Read", failed: "⚠ Not delivered" };

// moduleNote says what the module knows of an operator message that the CRM
// does not show: a first failure, the resend countdown, the attempt.
function moduleNote(m) {
  const mod = m.module;
  if (!mod) return null;
  const why = (mod.error_text || "").trim().replace(/\.$/, "");
  const err = mod.error_code ? mod.error_code + (why ? " " + why : "") : why;
  const second = mod.attempt >= 2 ? " on the second attempt" : "";
  switch (mod.state) {
    case "failed":
      if (!mod.resend_due) return { text: "Module: first attempt failed (" + err + ")", ok: false };
      return {
        text: "Module: first attempt failed (" + err + "). " +
          (mod.resend_in_ms > 0 ? "Second attempt in " + human(mod.resend_in_ms) + "." : "Second attempt starting…"),
        ok: false,
      };
    case "resending": return { text: "Module: second attempt being sent…", ok: false };
    case "queued": return { text: "Module: queued for WhatsApp", ok: false };
    case "sent": return mod.attempt >= 2 ? { text: "Module: sent" + second, ok: true } : null;
    case "delivered": return { text: "Module: delivered to the phone" + second, ok: true };
    case "read": return { text: "Module: read by the customer" + second, ok: true };
    case "undelivered":
      return { text: "Module: not delivered (" + err + ")" + (mod.attempt >= 2 ? " after the second attempt" : "; a second attempt cannot help"), ok: false };
    case "cancelled": return { text: "Module: cancelled", ok: false };
  }
  return null;
}

function chatBubble(m) {
  const op = m.from === "operator";
  const li = el("li", "crm-msg " + m.from + (m.status === "failed" ? " failed" : ""), null, {
    "data-id": String(m.id), "data-external-id": m.external_id || "", "data-status": m.status || "",
    "data-module-state": (m.module && m.module.state) || "", "data-attempt": String((m.module && m.module.attempt) || 0),
  });
  const b = el("div", "crm-bubble");
  if (m.quote) b.append(el("span", "quote", m.quote));
  if (m.template) b.append(el("span", "tpl-tag", "Template " + m.template));
  for (const src of m.images || []) b.append(el("img", "thumb", null, { src, alt: "image" }));
  for (const f of m.files || []) {
    const a = el("a", null, "📎 " + f.name, { href: f.url, target: "_blank", rel: "noopener" });
    b.append(a, document.createTextNode("\n"));
  }
  if (m.text) b.append(el("span", "text", m.text));
  if (m.deleted) b.append(el("em", null, " (deleted by the customer)"));
  li.append(b);
  if (m.reactions && m.reactions.length) li.append(el("span", "react", m.reactions.join(" ")));
  const meta = el("div", "crm-meta");
  meta.append(el("span", null, hhmm(m.at)));
  if (op) meta.append(el("span", "status " + (m.status || ""), statusText[m.status] || m.status));
  if (!op) {
    if (m.read) meta.append(el("span", null, "read"));
    const q = el("button", "link quote-btn", "Quote", { type: "button" });
    q.addEventListener("click", () => setQuote(m.external_id, m.text || "[" + m.type + "]"));
    meta.append(q);
  }
  li.append(meta);
  if (m.error) {
    const code = m.error.external_code ? " (WhatsApp " + m.error.external_code + ")" : "";
    li.append(el("span", "reason", m.error.message + code));
  }
  const note = moduleNote(m);
  if (note) li.append(el("span", "module-note" + (note.ok ? " ok" : ""), note.text));
  return li;
}

function setQuote(id, text) {
  quote = id ? { id, text } : null;
  $("quote-chip").hidden = !quote;
  $("quote-text").textContent = quote ? quote.text : "";
  if (quote) $("crm-text").focus();
}

function renderWindow(w, now) {
  const pill = $("window");
  if (!w.known) {
    pill.className = "pill";
    pill.textContent = "No customer message yet: only templates can be sent";
  } else if (w.open) {
    pill.className = "pill open";
    pill.textContent = "Window closes in " + human(w.remaining_ms) + " (customer wrote at " + hhmm(w.last_message) + ")";
  } else {
    pill.className = "pill closed";
    pill.textContent = "Window closed: send a template (customer wrote " + human(Date.parse(now) - Date.parse(w.last_message)) + " ago)";
  }
  pill.title = w.last_message ? "Customer's last message: " + new Date(w.last_message).toLocaleString() +
    "; reply deadline: " + new Date(w.deadline).toLocaleString() : "";
}

function renderCRM(s) {
  $("crm-customer").textContent = s.customer_name;
  $("crm-initial").textContent = (s.customer_name || "?").charAt(0);
  $("crm-channel").textContent = s.phone;
  $("mg-banner").hidden = !s.controls.mg_down;
  renderWindow(s.window, s.now);
  if (changed("crm", s.operator)) {
    const log = $("crm-log");
    keepBottom(log, () => log.replaceChildren(...(s.operator || []).map(chatBubble)));
  }
  if ($("autoread").checked) {
    const unread = (s.operator || []).filter((m) => m.from === "customer" && !m.read && m.external_id);
    const last = unread[unread.length - 1];
    if (last && !readAsked.has(last.external_id)) {
      readAsked.add(last.external_id);
      post("operator/read", { external_id: last.external_id }).catch((e) => showError("crm-error", e));
    }
  }
}

$("crm-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const input = $("crm-text");
  const text = input.value.trim();
  if (!text) return;
  const body = { text };
  if (quote) body.quote = quote.id;
  input.value = "";
  setQuote(null);
  act("crm-error", () => post("operator/text", body));
});
$("quote-cancel").addEventListener("click", () => setQuote(null));
$("crm-image").addEventListener("click", () => {
  const caption = $("crm-text").value.trim();
  $("crm-text").value = "";
  act("crm-error", () => post("operator/image", { caption }));
});
$("autoread").addEventListener("change", () => { shown.crm = null; refresh(); });
