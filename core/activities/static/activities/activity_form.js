// Activity form: show only the organiser field matching the chosen kind, and the end-of-series
// fields only for a repeated activity. Without JS every field stays visible and the form still works.
(function () {
  "use strict";
  function group(name) {
    var input = document.querySelector('[name="' + name + '"]');
    return input ? input.closest(".field") : null;
  }
  function toggle(name, visible) {
    var element = group(name);
    if (element) { element.hidden = !visible; }
  }
  function refresh() {
    var kind = document.querySelector('[name="organiser_kind"]');
    if (kind) {
      toggle("organiser_resident", kind.value === "resident");
      toggle("organiser_partner", kind.value === "partner");
    }
    var frequency = document.querySelector('[name="frequency"]');
    if (frequency) {
      toggle("until", frequency.value !== "");
      toggle("occurrence_count", frequency.value !== "");
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('[name="organiser_kind"], [name="frequency"]').forEach(function (select) {
      select.addEventListener("change", refresh);
    });
    refresh();
  });
})();
