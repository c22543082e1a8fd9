"use strict";
// Templates in the CRM chat: pick one of the channel's templates, fill its
// variables, preview and send it.

function selectedTemplate() {
  const code = $("tpl-select").value;
  return ((state && state.templates) || []).find((t) => t.code === code);
}

function fillPreview() {
  const t = selectedTemplate();
  if (!t) return;
  const value = (part, name) => {
    const input = document.querySelector('#tpl-vars input[data-part="' + part + '"][data-var="' + name + '"]');
    return input && input.value.trim() ? input.value.trim() : "{{" + name + "}}";
  };
  const fill = (text, part) => (text || "").replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, n) => value(part, n));
  const lines = [];
  if (t.header) lines.push(fill(t.header, "header"));
  lines.push(fill(t.body, "body"));
  if (t.footer) lines.push(t.footer);
  if (t.buttons && t.buttons.length) lines.push(t.buttons.map((b) => "[" + b.label + "]").join(" "));
  $("tpl-preview").textContent = lines.join("\n");
}

function renderTemplateInputs() {
  const t = selectedTemplate();
  const box = $("tpl-vars");
  box.replaceChildren();
  if (!t) return;
  const add = (label, attrs, example) => {
    box.append(el("label", null, label, { for: attrs.id }));
    const input = el("input", null, null, Object.assign({ autocomplete: "off", placeholder: example || "" }, attrs));
    input.addEventListener("input", fillPreview);
    box.append(input);
  };
  (t.header_vars || []).forEach((v, i) =>
    add("Header {{" + v + "}}", { id: "tpl-header-" + v, "data-part": "header", "data-var": v }, (t.header_examples || [])[i]));
  (t.body_vars || []).forEach((v, i) =>
    add("{{" + v + "}}", { id: "tpl-body-" + v, "data-part": "body", "data-var": v }, (t.body_examples || [])[i]));
  (t.buttons || []).forEach((b, i) => (b.vars || []).forEach((v) =>
    add("Button “" + b.label + "” {{" + v + "}}", { id: "tpl-button-" + i + "-" + v, "data-part": "button", "data-button": String(i), "data-var": v })));
  if (t.media_header) box.append(el("p", "hint", "This template has a " + t.media_header + " header, which this page cannot fill; the module will refuse it."));
  fillPreview();
}

function renderTemplates(s) {
  const list = s.templates || [];
  const t = s.timers || {};
  $("tpl-empty").hidden = list.length > 0;
  $("tpl-form").hidden = list.length === 0;
  $("tpl-empty").textContent = "No templates in the CRM yet. The module loads the number's approved templates " +
    "from 360dialog into the CRM chat every " + (t.template_sync || "2h") +
    (t.shortened ? " (real module: " + t.template_sync_real + ")" : "") + "; until then there is nothing to send.";
  if (!changed("templates", list)) return;
  const sel = $("tpl-select");
  const keep = sel.value;
  sel.replaceChildren(...list.map((x) => el("option", null, x.name + (x.lang ? " (" + x.lang + ")" : ""), { value: x.code })));
  if (list.some((x) => x.code === keep)) sel.value = keep;
  renderTemplateInputs();
}

$("tpl-toggle").addEventListener("click", () => {
  const p = $("tpl-panel");
  p.hidden = !p.hidden;
  $("tpl-toggle").setAttribute("aria-expanded", String(!p.hidden));
});
$("tpl-select").addEventListener("change", renderTemplateInputs);
$("tpl-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const t = selectedTemplate();
  if (!t) return;
  const args = (sel) => Array.from(document.querySelectorAll("#tpl-vars input" + sel), (i) => i.value.trim());
  const buttons = (t.buttons || []).map((b, i) => args('[data-part="button"][data-button="' + i + '"]'));
  act("crm-error", async () => {
    await post("operator/template", { code: t.code, header_args: args('[data-part="header"]'),
      body_args: args('[data-part="body"]'), button_args: buttons });
    $("tpl-panel").hidden = true;
    renderTemplateInputs();
  });
});
