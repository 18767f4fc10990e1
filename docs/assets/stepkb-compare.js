/* STEP knowledge base: sorting, filtering and side-by-side view for the comparison table.
   The table is complete without this script; it only adds controls. No network requests. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    return cell ? cell.getAttribute("data-value") || "" : "";
  }

  function setupSorting(table) {
    var headers = table.tHead.rows[0].cells;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headers, function (th, index) {
      var kind = th.getAttribute("data-sort");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "stepkb-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          // Unknown values always sort last, whichever the direction: they are not zero.
          if (x === "" && y === "") return 0;
          if (x === "") return 1;
          if (y === "") return -1;
          var order = kind === "number" ? parseFloat(x) - parseFloat(y)
            : x.localeCompare(y, document.documentElement.lang, { sensitivity: "base" });
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        var status = table.parentNode.parentNode.querySelector(".stepkb-filters__count");
        if (status) status.textContent = button.textContent.trim() + ": " +
          table.getAttribute(ascending ? "data-sort-ascending" : "data-sort-descending");
      });
    });
  }

  function setupFilters(form, table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var output = form.querySelector(".stepkb-filters__count");
    function apply() {
      var country = form.elements.country.value, level = form.elements.level.value;
      var language = form.elements.language.value, accreditation = form.elements.accreditation.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!country || row.getAttribute("data-country") === country) &&
          (!level || row.getAttribute("data-level") === level) &&
          (!language || row.getAttribute("data-languages").split(" ").indexOf(language) >= 0) &&
          (!accreditation || row.getAttribute("data-accreditation").split("|").indexOf(accreditation) >= 0);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      output.textContent = output.getAttribute("data-template")
        .replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  function setupSideBySide(box, table) {
    var button = box.querySelector("button");
    var result = box.querySelector(".stepkb-side-by-side__result");
    var headRow = table.tHead.rows[0];
    var selectHead = document.createElement("th");
    selectHead.scope = "col";
    var srOnly = document.createElement("span");
    srOnly.className = "stepkb-sr-only";
    srOnly.textContent = table.getAttribute("data-select-label");
    selectHead.appendChild(srOnly);
    headRow.insertBefore(selectHead, headRow.firstChild);
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var cell = document.createElement("td");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = row.getAttribute("data-slug");
      box.setAttribute("aria-label", table.getAttribute("data-select-label") + ": " + row.cells[0].textContent.trim());
      cell.appendChild(box);
      row.insertBefore(cell, row.firstChild);
    });
    function selected() {
      return Array.prototype.filter.call(table.querySelectorAll("tbody input[type=checkbox]"), function (c) { return c.checked; })
        .map(function (c) { return c.closest("tr"); });
    }
    table.addEventListener("change", function () { button.disabled = selected().length < 2; });
    button.addEventListener("click", function () {
      var rows = selected();
      result.textContent = "";
      if (rows.length < 2) { result.textContent = result.getAttribute("data-empty"); return; }
      var out = document.createElement("table");
      var caption = out.createCaption();
      caption.textContent = result.getAttribute("data-caption");
      var thead = out.createTHead().insertRow();
      thead.appendChild(document.createElement("td"));
      rows.forEach(function (row) {
        var th = document.createElement("th");
        th.scope = "col";
        th.innerHTML = row.cells[1].innerHTML; // our own escaped markup, copied from the table
        thead.appendChild(th);
      });
      var body = out.createTBody();
      var headers = headRow.cells;
      for (var i = 2; i < headers.length; i++) {
        var tr = body.insertRow();
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = headers[i].textContent.trim();
        tr.appendChild(th);
        rows.forEach(function (row) {
          var td = tr.insertCell();
          td.innerHTML = row.cells[i].innerHTML;
        });
      }
      var wrap = document.createElement("div");
      wrap.className = "stepkb-scroll";
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", caption.textContent);
      wrap.appendChild(out);
      result.appendChild(wrap);
      var slugs = rows.map(function (r) { return r.getAttribute("data-slug"); }).join(",");
      history.replaceState(null, "", "#compare=" + slugs);
    });
    box.hidden = false;
    // A shared link (#compare=a,b) opens with those programmes side by side.
    var match = /#compare=([a-z0-9,-]+)/.exec(location.hash);
    if (match) {
      match[1].split(",").forEach(function (slug) {
        var input = table.querySelector('tbody input[value="' + slug + '"]');
        if (input) input.checked = true;
      });
      button.disabled = selected().length < 2;
      if (!button.disabled) button.click();
    }
  }

  function init() {
    var table = document.querySelector("table.stepkb-compare");
    if (!table) return;
    var form = document.querySelector("form.stepkb-filters");
    var box = document.querySelector(".stepkb-side-by-side");
    if (box) setupSideBySide(box, table);
    setupSorting(table);
    if (form) setupFilters(form, table);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
