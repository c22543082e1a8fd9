// waba-transport settings pages. Everything works without this script; it
// only adds a confirm() before removals and a busy state on slow submits.
(function () {
  "use strict";

  // confirmed asks the form's data-confirm question. It returns false when
  // the person said no. When the CRM's iframe forbids dialogs (a sandbox
  // without allow-modals), confirm() returns false at once without asking:
  // then the form is posted unconfirmed and the server asks on its own page.
  function confirmed(form) {
    var question = form.getAttribute("data-confirm");
    if (!question) return true;
    var started = Date.now();
    if (window.confirm(question)) {
      var field = form.querySelector("input[name=confirm]");
      if (field) field.value = "yes";
      return true;
    }
    return Date.now() - started < 50;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.getAttribute("data-sent") || !confirmed(form)) {
      event.preventDefault();
      return;
    }
    // Checking a key calls the CRM or 360dialog and takes a moment: show
    // it, and keep a second click from posting twice.
    var button = form.querySelector("button[data-busy]");
    if (button) {
      form.setAttribute("data-sent", "1");
      button.setAttribute("data-idle", button.textContent);
      button.setAttribute("aria-busy", "true");
      button.textContent = button.getAttribute("data-busy");
    }
  });

  // The back button can restore a page from cache with the busy state on.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      form.removeAttribute("data-sent");
      var button = form.querySelector("button[aria-busy]");
      if (button) {
        button.removeAttribute("aria-busy");
        button.textContent = button.getAttribute("data-idle");
      }
    });
  });
})();
