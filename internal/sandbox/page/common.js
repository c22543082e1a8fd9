"use strict";
// The sandbox page polls the state of both simulated sides and renders them:
// the customer's WhatsApp on the left, the operator's CRM chat in the middle,
// the controls on the right. Every action is a POST to the page's JSON API.
// This file holds what the others share; the scripts load in order
// (common, phone, chat, templates, controls) and share the page's globals.

const $ = (id) => document.getElementById(id);
let state = null;          // the last state answered
const shown = {};          // JSON of what each area last rendered, to skip unchanged renders
const readAsked = new Set(); // customer messages the page asked the operator to read
let quote = null;          // {id, text} the operator is quoting
let hooksInitialised = false;

// el builds an element with text content and attributes (never HTML).
function el(tag, cls, text, attrs) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null && text !== "") e.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function hhmm(at) {
  return new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

// human writes a duration: "8 s", "9 min 30 s", "23 h 59 min".
function human(ms) {
  if (ms < 60000) return Math.max(0, Math.ceil(ms / 1000)) + " s";
  const s = Math.floor(ms / 1000);
  if (s < 3600) return Math.floor(s / 60) + " min" + (s % 60 ? " " + (s % 60) + " s" : "");
  const m = Math.floor(s / 60);
  return Math.floor(m / 60) + " h" + (m % 60 ? " " + (m % 60) + " min" : "");
}

// changed reports whether value differs from what area showed last time.
function changed(area, value) {
  const json = JSON.stringify(value);
  if (shown[area] === json) return false;
  shown[area] = json;
  return true;
}

function showError(where, err) {
  const box = $(where);
  box.textContent = err ? String(err.message || err) : "";
  box.hidden = !err;
  if (err) setTimeout(() => { if (box.textContent === String(err.message || err)) box.hidden = true; }, 8000);
}

// post sends a JSON (or FormData) body and throws the API's error message.
async function post(path, body) {
  const init = { method: "POST" };
  if (body instanceof FormData) {
    init.body = body;
  } else {
    init.headers = { "Content-Type": "application/json" };
    init.body = JSON.stringify(body || {});
  }
  const resp = await fetch("api/" + path, init);
  const out = await resp.json().catch(() => ({}));
  if (!resp.ok) throw new Error((out.error && out.error.message) || ("HTTP " + resp.status));
  return out;
}

// act runs an action, shows its error in where, and refreshes at once.
async function act(where, f) {
  try {
    showError(where, null);
    await f();
  } catch (e) {
    showError(where, e);
  }
  refresh();
}

// keepBottom scrolls a log to the end when new entries arrived and the
// reader was already near the end.
function keepBottom(log, render) {
  const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
  const before = log.children.length;
  render();
  if (atEnd || log.children.length > before) log.scrollTop = log.scrollHeight;
}
