/* The app shell: folding menu on phones, focus on the form error summary. No inline script (strict CSP). */
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("menu");
  if (toggle && menu) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
      if (open) { var first = menu.querySelector("a, button"); if (first) first.focus(); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.classList.contains("open")) {
        menu.classList.remove("open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }
  // A form refused by the server: its error summary takes the focus; its links focus their field.
  var summary = document.querySelector(".error-summary[data-focus]");
  if (summary) { summary.focus(); }
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({block: "center"}); }
    });
  });
});
/* Focus survives an htmx swap: the control that had it (marked data-focus-key) gets it back in the
   new markup, e.g. the attendance tick button replaced after each tap. */
(function () {
  var key = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    key = active && active.getAttribute ? active.getAttribute("data-focus-key") : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!key) { return; }
    var active = document.activeElement;
    // Someone already holds the focus (the same control, or a field the user moved to meanwhile):
    // leave it there. Only a focus lost with the swapped markup is given back.
    if (active && active !== document.body && active.isConnected) { key = null; return; }
    var target = document.querySelector('[data-focus-key="' + key + '"]');
    if (target) { target.focus(); }
    key = null;
  });
})();
/* Wide tables scroll inside their own box (WCAG 1.4.10 reflow), named after their caption and
   reachable by keyboard when they do scroll. Planning and agenda reflow into cards instead. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("main table").forEach(function (table) {
    if (table.closest(".table-scroll") || table.matches(".planning, .agenda")) { return; }
    var box = document.createElement("div");
    box.className = "table-scroll";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
  function mark() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      } else {
        box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSettle", mark);
});
/* A form marked data-confirm asks before it is sent (destructive actions; no inline handler under the strict CSP). */
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
}, true);
