// Template manager pages. The pages work without this script: the server
// renders the preview and every issue on each post. The script adds what
// needs no reload: a live WhatsApp preview, example inputs that follow the
// variables typed, the button editor, and the server's checks shown beside
// each field as the merchant types. The rules themselves stay on the server
// (package template): the script only asks .../templates/preview; the one
// rule it knows, the name's alphabet, gives feedback before that answer.
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  // List page: filter rows by name as typed; a new status reloads.
  var search = byId("tpl-search");
  if (search) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      document.querySelectorAll("tr.tpl-row").forEach(function (row) {
        row.hidden = q !== "" && row.getAttribute("data-name").toLowerCase().indexOf(q) < 0;
      });
    });
    var status = byId("tpl-status");
    if (status) status.addEventListener("change", function () { status.form.submit(); });
  }

  var form = byId("tpl-form");
  if (!form) return;

  var showAll = form.getAttribute("data-all") === "1";
  var touched = {};     // input names the merchant has typed in
  var remembered = {};  // examples of variables removed from the text, by "{{n}}"
  var sent = 0;         // checks asked of the server
  var timer = null;

  // Placeholders as package template reads them: {{1}}..{{9999}} or {{name}}.
  var POSITIONAL = /^[1-9][0-9]{0,3}$/;
  var NAMED = /^[a-z0-9_]*[a-z_][a-z0-9_]*$/;
  function variables(text) {
    var out = [], seen = {}, re = /\{\{([^{}\n]*)\}\}/g, m;
    while ((m = re.exec(text))) {
      var v = m[1];
      if ((POSITIONAL.test(v) || NAMED.test(v)) && !seen[v]) { seen[v] = true; out.push(v); }
    }
    return out;
  }
  function exampleField(v) {
    return POSITIONAL.test(v) ? "body.examples[" + (Number(v) - 1) + "]" : "body.named_examples." + v;
  }
  function field(name) { return form.elements.namedItem(name); }
  function value(name) { var el = field(name); return el ? el.value : ""; }
  function kind() {
    var k = form.querySelector("input[name=kind]:checked");
    return k ? k.value : "basic";
  }

  // Example inputs follow the body's variables, in order; an example typed
  // for a variable that goes away comes back with it.
  function syncExamples(vars) {
    var box = byId("tpl-examples"), rows = {};
    box.querySelectorAll(".example").forEach(function (row) { rows[row.getAttribute("data-var")] = row; });
    var next = box.querySelector(".example");
    vars.forEach(function (v) {
      var key = "{{" + v + "}}", row = rows[key];
      if (!row) row = makeExample(key, exampleField(v), box.getAttribute("data-label"));
      delete rows[key];
      // Move a row only when it is out of place: moving the input the
      // merchant is typing in would take the focus away.
      if (row === next) next = nextExample(row);
      else box.insertBefore(row, next);
    });
    Object.keys(rows).forEach(function (key) {
      remembered[key] = rows[key].querySelector("input").value;
      rows[key].remove();
    });
    box.hidden = vars.length === 0;
  }
  function nextExample(row) {
    var el = row.nextElementSibling;
    while (el && !el.classList.contains("example")) el = el.nextElementSibling;
    return el;
  }
  function makeExample(key, name, label) {
    var row = document.createElement("div");
    row.className = "field example";
    row.setAttribute("data-var", key);
    var id = "ex-" + name;
    var l = document.createElement("label");
    l.htmlFor = id;
    l.textContent = label.replace("%s", key);
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.name = name;
    input.autocomplete = "off";
    input.value = remembered[key] || "";
    var slot = document.createElement("div");
    slot.className = "issue";
    slot.setAttribute("data-for", name);
    row.append(l, input, slot);
    return row;
  }

  // Buttons are numbered by their place: names, ids and issue slots follow
  // when a row is added or removed.
  var list = byId("tpl-button-list");
  function syncButtons() {
    var rows = list.querySelectorAll(".tpl-button");
    rows.forEach(function (row, i) {
      var prefix = "buttons[" + i + "].";
      row.setAttribute("data-type", row.querySelector("[data-field=type]").value);
      row.setAttribute("data-urlvar", /\{\{[^{}]*\}\}/.test(row.querySelector("[data-field=url]").value) ? "1" : "");
      row.querySelectorAll("[data-field]").forEach(function (el) {
        el.name = prefix + el.getAttribute("data-field");
        el.id = "b-" + i + "-" + el.getAttribute("data-field");
      });
      row.querySelectorAll("[data-label-for]").forEach(function (el) {
        el.htmlFor = "b-" + i + "-" + el.getAttribute("data-label-for");
      });
      row.querySelectorAll("[data-slot]").forEach(function (el) {
        el.setAttribute("data-for", prefix + el.getAttribute("data-slot"));
      });
    });
    // The form reads at most 10 buttons; the limits per type are the
    // server's to tell.
    form.querySelectorAll("[data-add]").forEach(function (b) { b.disabled = rows.length >= 10; });
  }

  function syncHeader() {
    var box = byId("tpl-header"), format = value("header.format");
    box.setAttribute("data-header", format);
    box.setAttribute("data-var", format === "TEXT" && variables(value("header.text")).length ? "1" : "");
  }

  function syncAll() {
    form.setAttribute("data-kind", kind());
    syncHeader();
    syncButtons();
    syncExamples(variables(value("body.text")));
  }

  // The bubble as the script can tell at once; the server's rendering
  // replaces it when its answer comes.
  function fill(text, values) {
    return text.replace(/\{\{([^{}\n]*)\}\}/g, function (all, v) { return values[v] ? values[v] : all; });
  }
  function localBubble() {
    var values = {};
    byId("tpl-examples").querySelectorAll(".example").forEach(function (row) {
      values[row.getAttribute("data-var").slice(2, -2)] = row.querySelector("input").value;
    });
    var b = { body: fill(value("body.text"), values), buttons: [] };
    if (kind() !== "media") return b;
    var format = value("header.format");
    b.header_format = format;
    if (format === "TEXT") {
      var text = value("header.text"), hv = variables(text), hvalues = {};
      if (hv.length) hvalues[hv[0]] = value("header.example");
      b.header = fill(text, hvalues);
    } else if (format === "IMAGE" || format === "VIDEO" || format === "DOCUMENT") {
      b.media_url = value("header.media_url");
    }
    b.footer = value("footer");
    list.querySelectorAll(".tpl-button").forEach(function (row) {
      b.buttons.push({ type: row.querySelector("[data-field=type]").value, text: row.querySelector("[data-field=text]").value });
    });
    return b;
  }
  function renderBubble(b) {
    var format = b.header_format || "", media = byId("bubble-media");
    media.hidden = format === "" || format === "TEXT";
    media.setAttribute("data-format", format);
    byId("bubble-media-label").textContent = media.getAttribute("data-" + format.toLowerCase()) || "";
    byId("bubble-media-url").textContent = b.media_url || "";
    byId("bubble-header").textContent = b.header || "";
    byId("bubble-body").textContent = b.body || "";
    byId("bubble-footer").textContent = b.footer || "";
    var box = byId("bubble-buttons");
    box.textContent = "";
    (b.buttons || []).forEach(function (btn) {
      var el = document.createElement("div");
      el.className = "wa-button";
      el.setAttribute("data-type", btn.type);
      el.textContent = btn.type === "COPY_CODE" ? box.getAttribute("data-copy") : btn.text;
      box.appendChild(el);
    });
  }

  // Issues go beside their field; those without a visible field go to the
  // summary. On a new form only the fields already typed in show theirs.
  function slotFor(name) {
    var slots = form.querySelectorAll(".issue[data-for]");
    for (var i = 0; i < slots.length; i++) {
      if (slots[i].getAttribute("data-for") === name) return slots[i];
    }
    return null;
  }
  function visible(slot) { return slot && slot.parentElement && slot.parentElement.offsetParent !== null; }
  function wanted(name) {
    if (showAll || touched[name]) return true;
    return name === "buttons" && Object.keys(touched).some(function (t) { return t.indexOf("buttons[") === 0; });
  }
  function showIssues(res) {
    form.querySelectorAll(".issue[data-for]").forEach(function (s) { s.textContent = ""; });
    var other = byId("tpl-other");
    other.textContent = "";
    res.issues.forEach(function (is) {
      if (!wanted(is.field)) return;
      var slot = slotFor(is.field), p = document.createElement(visible(slot) ? "p" : "li");
      p.textContent = is.message;
      (visible(slot) ? slot : other).appendChild(p);
    });
    liveName();
    byId("tpl-summary-text").textContent = res.summary;
    byId("tpl-summary").hidden = res.ok || !(showAll || other.children.length > 0);
    byId("tpl-ready").hidden = !res.ok;
  }

  // The name's alphabet is checked at each key, before the server answers.
  function liveName() {
    var input = field("name"), slot = slotFor("name");
    if (/^[a-z0-9_]*$/.test(input.value) || slot.querySelector("p")) return;
    var p = document.createElement("p");
    p.className = "live";
    p.textContent = input.getAttribute("data-live");
    slot.appendChild(p);
  }

  function check() {
    var n = ++sent;
    fetch(form.getAttribute("data-preview"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      return r.ok ? r.json() : Promise.reject(new Error("preview: HTTP " + r.status));
    }).then(function (res) {
      if (n !== sent) return; // a newer check is on its way
      syncExamples(res.body_vars || []);
      renderBubble(res.bubble);
      showIssues(res);
      form.setAttribute("data-checked", String(n));
    }).catch(function () {
      // Nothing to show: saving checks everything again.
    });
  }

  function changed(event) {
    if (event && event.target && event.target.name) touched[event.target.name] = true;
    syncAll();
    renderBubble(localBubble());
    if (event && event.target && event.target.name === "name") {
      var slot = slotFor("name");
      slot.querySelectorAll("p").forEach(function (p) { p.remove(); });
      liveName();
    }
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add]");
    if (add) {
      var row = byId("tpl-button-row").content.firstElementChild.cloneNode(true);
      row.querySelector("[data-field=type]").value = add.getAttribute("data-add");
      list.appendChild(row);
      syncButtons();
      touched[row.querySelector("[data-field=type]").name] = true;
      var text = row.querySelector(add.getAttribute("data-add") === "COPY_CODE" ? "[data-field=example]" : "[data-field=text]");
      text.focus();
      changed();
      return;
    }
    var remove = event.target.closest(".b-remove");
    if (remove) {
      remove.closest(".tpl-button").remove();
      touched["buttons[0].type"] = true;
      changed();
      return;
    }
    if (event.target.closest("#tpl-add-var")) {
      var body = field("body.text"), highest = 0;
      variables(body.value).forEach(function (v) { if (POSITIONAL.test(v)) highest = Math.max(highest, Number(v)); });
      var token = "{{" + (highest + 1) + "}}", at = body.selectionStart, end = body.selectionEnd;
      body.value = body.value.slice(0, at) + token + body.value.slice(end);
      body.focus();
      body.setSelectionRange(at + token.length, at + token.length);
      touched["body.text"] = true;
      changed();
    }
  });

  // Controls that need the script are shown only with it.
  byId("tpl-add").hidden = false;
  byId("tpl-add-var").hidden = false;
  syncAll();
})();
