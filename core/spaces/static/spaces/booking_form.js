// Booking form: show only the fields that match "Réservé pour" (partner or resident).
(function () {
  "use strict";
  var form = document.querySelector(".booking-form");
  if (!form) { return; }
  var byKind = { partner: [".field-partner", ".field-workshop_theme"], resident: [".field-resident"] };
  function update() {
    var checked = form.querySelector("input[name=booker_kind]:checked");
    var kind = checked ? checked.value : "";
    Object.keys(byKind).forEach(function (k) {
      byKind[k].forEach(function (selector) {
        var field = form.querySelector(selector);
        if (field) { field.hidden = k !== kind && !field.classList.contains("has-error"); }
      });
    });
  }
  form.addEventListener("change", update);
  update();
})();
