// httpspec report: filters, hex view and #behavior-id links. The page is complete without this
// script; it only hides, shows and re-renders what is already there.
(function () {
  "use strict";
  var behaviors = Array.prototype.slice.call(document.querySelectorAll("details.behavior"));
  var search = document.getElementById("search");
  var shownLabel = document.getElementById("shown");
  var none = document.getElementById("none");

  function buttons(group) {
    return Array.prototype.slice.call(document.querySelectorAll('.filters [data-filter="' + group + '"] button[data-value]'));
  }
  function selected(group) {
    return buttons(group).filter(function (b) { return b.getAttribute("aria-pressed") === "true"; })
      .map(function (b) { return b.dataset.value; });
  }
  function admits(values, v) { return values.length === 0 || values.indexOf(v) >= 0; }

  function apply() {
    var verdicts = selected("verdict"), levels = selected("level"), areas = selected("area");
    var q = search ? search.value.trim().toLowerCase() : "";
    var shownBehaviors = 0, shownCases = 0;
    behaviors.forEach(function (b) {
      var text = (b.id + " " + b.querySelector("summary").textContent).toLowerCase();
      var ok = admits(levels, b.dataset.level) && admits(areas, b.dataset.area) && (q === "" || text.indexOf(q) >= 0);
      var visible = 0;
      Array.prototype.forEach.call(b.querySelectorAll("section.case"), function (c) {
        var show = ok && admits(verdicts, c.dataset.verdict);
        c.hidden = !show;
        if (show) { visible++; }
      });
      b.hidden = visible === 0;
      if (visible > 0) { shownBehaviors++; shownCases += visible; }
    });
    if (shownLabel) { shownLabel.textContent = shownBehaviors + " behaviors, " + shownCases + " cases shown"; }
    if (none) { none.hidden = shownBehaviors !== 0; }
  }

  function press(button, on) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  function clearFilters() {
    Array.prototype.forEach.call(document.querySelectorAll(".filters button[data-value]"), function (b) { press(b, false); });
    if (search) { search.value = ""; }
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll(".filters button[data-value]"), function (b) {
    b.addEventListener("click", function () {
      press(b, b.getAttribute("aria-pressed") !== "true");
      apply();
    });
  });
  // A row of the counts tables selects that area or level alone.
  Array.prototype.forEach.call(document.querySelectorAll(".count-table button[data-filter]"), function (link) {
    link.addEventListener("click", function () {
      buttons(link.dataset.filter).forEach(function (b) { press(b, b.dataset.value === link.dataset.value); });
      apply();
      document.getElementById("behaviors").scrollIntoView();
    });
  });
  if (search) { search.addEventListener("input", apply); }
  function on(id, f) { var el = document.getElementById(id); if (el) { el.addEventListener("click", f); } }
  on("clear", clearFilters);
  on("expand", function () { behaviors.forEach(function (b) { if (!b.hidden) { b.open = true; } }); });
  on("collapse", function () { behaviors.forEach(function (b) { b.open = false; }); });

  // decode turns wire.Quote's escaped text back into bytes; the line breaks the page added are not data.
  function decode(text) {
    var bytes = [];
    text = text.replace(/\n/g, "");
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c !== "\\" || i + 1 >= text.length) { bytes.push(text.charCodeAt(i) & 0xff); continue; }
      var e = text.charAt(++i);
      if (e === "x") { bytes.push(parseInt(text.substr(i + 1, 2), 16)); i += 2; }
      else if (e === "r") { bytes.push(13); }
      else if (e === "n") { bytes.push(10); }
      else if (e === "t") { bytes.push(9); }
      else { bytes.push(e.charCodeAt(0) & 0xff); }
    }
    return bytes;
  }
  function hex2(n) { return (n < 16 ? "0" : "") + n.toString(16); }
  function hexdump(bytes) {
    var lines = [];
    for (var off = 0; off < bytes.length; off += 16) {
      var row = bytes.slice(off, off + 16), hex = "", ascii = "";
      for (var j = 0; j < 16; j++) {
        hex += (j < row.length ? hex2(row[j]) : "  ") + (j === 7 ? "  " : " ");
        if (j < row.length) { ascii += row[j] >= 0x20 && row[j] < 0x7f ? String.fromCharCode(row[j]) : "."; }
      }
      lines.push(("0000" + off.toString(16)).slice(-5) + "  " + hex + " " + ascii);
    }
    return lines.join("\n");
  }
  Array.prototype.forEach.call(document.querySelectorAll(".hex-toggle"), function (t) {
    t.addEventListener("click", function () {
      var hex = t.getAttribute("aria-pressed") !== "true";
      press(t, hex);
      Array.prototype.forEach.call(t.closest(".conn").querySelectorAll("pre.data"), function (pre) {
        if (pre.dataset.escaped === undefined) { pre.dataset.escaped = pre.innerHTML; }
        if (hex) { pre.textContent = hexdump(decode(pre.textContent)); } else { pre.innerHTML = pre.dataset.escaped; }
      });
    });
  });

  // Follow #behavior-id (and #behavior-id/N for one case): show it even when filtered out, open it.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    var behavior = el.closest("details.behavior");
    if ((behavior && behavior.hidden) || el.hidden) { clearFilters(); }
    for (var d = el; d; d = d.parentElement) { if (d.tagName === "DETAILS") { d.open = true; } }
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
