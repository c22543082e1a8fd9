"use strict";
// The customer's phone: WhatsApp's bubbles, ticks and buttons, and what the
// customer can do (write, send a photo or a location, react, tap a button).

const tickText = { waiting: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓" };
const tickTitle = { waiting: "waiting to be delivered", sent: "sent", delivered: "delivered", read: "read" };

function phoneBubble(m) {
  const mine = m.from === "customer";
  const li = el("li", "wa-msg " + (mine ? "out" : "in"), null,
    { "data-id": m.id, "data-from": m.from, "data-type": m.type, "data-ticks": m.ticks || "" });
  const b = el("div", "bubble");
  if (m.quote) b.append(el("span", "quote", m.quote));
  if (m.image) b.append(el("img", null, null, { src: m.image, alt: "photo" }));
  if (m.header) b.append(el("span", "head", m.header));
  if (m.location) {
    const p = el("span", "place");
    p.append(el("b", null, "📍 " + (m.location.name || "Location")));
    if (m.location.address) p.append(el("span", null, m.location.address + "\n"));
    p.append(el("small", null, m.location.latitude.toFixed(5) + ", " + m.location.longitude.toFixed(5)));
    b.append(p);
  }
  const meta = el("span", "meta", hhmm(m.at));
  if (mine && m.ticks) meta.append(el("span", "ticks" + (m.ticks === "read" ? " read" : ""), tickText[m.ticks], { title: tickTitle[m.ticks] }));
  b.append(meta);
  if (m.text) b.append(el("span", "text", m.text));
  if (m.footer) b.append(el("span", "foot", m.footer));
  li.append(b);
  if (m.reactions && m.reactions.length) li.append(el("span", "react", m.reactions.join(" ")));
  if (m.buttons && m.buttons.length) {
    const box = el("div", "wa-buttons");
    for (const btn of m.buttons) {
      const tappable = ["quick_reply", "button_reply", "list_reply"].includes(btn.kind);
      const label = (btn.kind === "url" ? "🔗 " : btn.kind === "list_reply" ? "☰ " : "↩ ") + btn.title;
      const bt = el("button", "wa-btn", label, { type: "button", "data-kind": btn.kind });
      if (tappable) {
        bt.addEventListener("click", () => act("phone-error", () =>
          post("customer/button", { message_id: m.id, kind: btn.kind, id: btn.id || "", title: btn.title })));
      } else {
        bt.disabled = true;
        if (btn.url) bt.title = btn.url;
      }
      box.append(bt);
    }
    li.append(box);
  }
  return li;
}

function renderPhone(s) {
  $("biz-phone").textContent = s.phone;
  $("customer-name").textContent = s.customer_name;
  if (!changed("phone", s.customer)) return;
  const log = $("phone-log");
  keepBottom(log, () => log.replaceChildren(...(s.customer || []).map(phoneBubble)));
}

// ageHours is 25 once when the "date back" control is ticked.
function ageHours() {
  const box = $("backdate");
  if (!box.checked) return 0;
  box.checked = false;
  return 25;
}

function lastBusinessMessage() {
  const items = (state && state.customer) || [];
  for (let i = items.length - 1; i >= 0; i--) if (items[i].from === "business") return items[i];
  return null;
}

$("wa-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const input = $("wa-text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  act("phone-error", () => post("customer/text", { text, age_hours: ageHours() }));
});
$("wa-attach-toggle").addEventListener("click", () => {
  const box = $("wa-attach");
  box.hidden = !box.hidden;
  $("wa-attach-toggle").setAttribute("aria-expanded", String(!box.hidden));
});
function sendImage(file) {
  const form = new FormData();
  if (file) form.append("file", file); else form.append("sample", "1");
  form.append("caption", $("wa-text").value.trim());
  form.append("age_hours", String(ageHours()));
  $("wa-text").value = "";
  act("phone-error", () => post("customer/image", form));
}
$("wa-sample-image").addEventListener("click", () => sendImage(null));
$("wa-file").addEventListener("change", (ev) => {
  const f = ev.target.files[0];
  ev.target.value = "";
  if (f) sendImage(f);
});
$("wa-location").addEventListener("click", () => act("phone-error", () => post("customer/location", {
  latitude: 40.416775, longitude: -3.70379, name: "Puerta del Sol", address: "Plaza de la Puerta del Sol, Madrid",
  age_hours: ageHours(),
})));
for (const b of document.querySelectorAll("#wa-react .emoji")) {
  b.addEventListener("click", () => act("phone-error", async () => {
    const last = lastBusinessMessage();
    if (!last) throw new Error("The shop has not written yet: there is nothing to react to.");
    await post("customer/reaction", { message_id: last.id, emoji: b.dataset.emoji });
  }));
}
