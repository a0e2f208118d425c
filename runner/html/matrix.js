// httpspec matrix: filter rows by area, by failures, by differences between targets, by text.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.matrix tbody tr"));
  var search = document.getElementById("search");
  var failing = document.getElementById("only-failing");
  var differing = document.getElementById("only-differing");
  function pressed(b) { return b.getAttribute("aria-pressed") === "true"; }
  function toggle(b) { b.setAttribute("aria-pressed", pressed(b) ? "false" : "true"); apply(); }
  function apply() {
    var areas = Array.prototype.filter.call(document.querySelectorAll('.filters [data-filter="area"] button'), pressed)
      .map(function (b) { return b.dataset.value; });
    var q = search.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (r) {
      var ok = (areas.length === 0 || areas.indexOf(r.dataset.area) >= 0) &&
        (!pressed(failing) || r.dataset.failing === "true") &&
        (!pressed(differing) || r.dataset.differs === "true") &&
        (q === "" || r.querySelector("th").textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    document.getElementById("shown").textContent = shown + " of " + rows.length + " behaviors shown";
    document.getElementById("none").hidden = shown !== 0;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".filters button"), function (b) {
    b.addEventListener("click", function () { toggle(b); });
  });
  search.addEventListener("input", apply);
  apply();
})();
