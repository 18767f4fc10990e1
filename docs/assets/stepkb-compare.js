/* STEP knowledge base: filters, sorting, column hiding and a side-by-side view for the comparison table.
   The table is complete without this script; it only adds controls. No network requests.

   It reads the page's markup, whatever the columns and filters are (hooks/stepkb/templates/compare.md.j2):
   - form.stepkb-filters holds the filters: each <select name="X"> and each <input type="checkbox"
     name="X" value="v">. A row is shown when, for every select with a value and every ticked checkbox,
     that value is one of the words in the row's data-X attribute (words separated by spaces).
     A checkbox with the class stepkb-filters__hide-empty hides the columns no shown row knows a value
     of; output.stepkb-filters__count[data-template] says how many rows are shown ({shown}, {total}).
   - table.stepkb-compare: header cells th[data-sort="number|text"][data-key] can be sorted by; each
     cell's data-value is what it sorts by ("" for unknown: unknown sorts last, whichever the
     direction); numbers sort as numbers. Rows carry data-slug; the first cell of each row (its name)
     gets a checkbox for the side-by-side view.
   - Further tbodies hold reference rows (the benchmarks): never filtered, sorted or selected, but their
     cells follow the columns (a hidden column hides their cell too), and a row of one cell spanning the
     table (a group heading) spans the columns shown.
   - .stepkb-selection holds the selection's status and buttons; .stepkb-side-by-side__result the view.
   The page's address keeps the state, so a view can be shared: ?X=v for each filter, empty=hide,
   sort=key (or sort=-key, descending), select=slug,slug. The older #compare=slug,slug is read too.
   Filter names must not be sort, select, empty or q (the theme's search). */
(function () {
  "use strict";

  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var words = function (text) { return (text || "").split(/\s+/).filter(Boolean); };

  function setup(table, form, bar, result) {
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.slice.call(body.rows);
    var original = rows.slice();
    var references = [];
    for (var b = 1; b < table.tBodies.length; b++) each(table.tBodies[b].rows, function (row) { references.push(row); });
    var selects = form ? Array.prototype.slice.call(form.querySelectorAll("select[name]")) : [];
    var checks = form ? Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name]")) : [];
    var hideEmpty = form ? form.querySelector(".stepkb-filters__hide-empty") : null;
    var output = form ? form.querySelector(".stepkb-filters__count") : null;
    var sorted = null; // {index, ascending}
    var sortStatus = "";
    var sortSelect = null;

    function keyOf(index) { return headers[index].getAttribute("data-key") || String(index); }
    function indexOf(key) {
      for (var i = 0; i < headers.length; i++) if (keyOf(i) === key && headers[i].hasAttribute("data-sort")) return i;
      return -1;
    }
    function value(row, index) {
      var cell = row.cells[index];
      return cell ? cell.getAttribute("data-value") || "" : "";
    }
    function headerText(index) {
      var th = headers[index];
      return (th.querySelector(".stepkb-sort") || th).textContent.trim();
    }

    // ---- the address: read once, written after every change
    function writeAddress() {
      var params = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) params.append(s.name, s.value); });
      checks.forEach(function (c) { if (c.checked) params.append(c.name, c.value); });
      if (hideEmpty && hideEmpty.checked) params.set("empty", "hide");
      if (sorted) params.set("sort", (sorted.ascending ? "" : "-") + keyOf(sorted.index));
      var picked = selected().map(function (row) { return row.getAttribute("data-slug"); });
      if (picked.length) params.set("select", picked.join(","));
      var query = params.toString().replace(/%2C/g, ",");
      var hash = /^#compare=/.test(location.hash) ? "" : location.hash;
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + hash);
    }

    function readAddress() {
      var params = new URLSearchParams(location.search);
      selects.forEach(function (s) {
        var wanted = params.get(s.name);
        if (wanted !== null && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) s.value = wanted;
      });
      checks.forEach(function (c) { c.checked = params.getAll(c.name).indexOf(c.value) >= 0; });
      if (hideEmpty) hideEmpty.checked = params.get("empty") === "hide";
      var sort = params.get("sort");
      if (sort) {
        var descending = sort.charAt(0) === "-";
        var index = indexOf(descending ? sort.slice(1) : sort);
        if (index >= 0) sortBy(index, !descending);
      }
      var picked = words((params.get("select") || "").replace(/,/g, " "));
      var legacy = /#compare=([a-z0-9,-]+)/.exec(location.hash);
      if (legacy) picked = picked.concat(words(legacy[1].replace(/,/g, " ")));
      return picked;
    }

    // ---- filters and empty columns
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) { return !s.value || words(row.getAttribute("data-" + s.name)).indexOf(s.value) >= 0; }) &&
          checks.every(function (c) { return !c.checked || words(row.getAttribute("data-" + c.name)).indexOf(c.value) >= 0; });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      var visible = rows.filter(function (row) { return !row.hidden; });
      var columns = headers.length;
      headers.forEach(function (th, index) {
        if (index === 0) return; // the programme's name always stays
        var empty = !!(hideEmpty && hideEmpty.checked && visible.length &&
          visible.every(function (row) { return value(row, index) === ""; }));
        if (empty) columns -= 1;
        th.classList.toggle("stepkb-col-empty", empty);
        rows.concat(references).forEach(function (row) {
          if (row.cells.length === headers.length) row.cells[index].classList.toggle("stepkb-col-empty", empty);
        });
      });
      references.forEach(function (row) { if (row.cells.length === 1) row.cells[0].colSpan = columns; });
      if (output) {
        output.textContent = output.getAttribute("data-template")
          .replace("{shown}", String(shown)).replace("{total}", String(rows.length)) + (sortStatus ? " · " + sortStatus : "");
      }
    }

    // ---- sorting
    function sortBy(index, ascending) {
      var kind = index >= 0 ? headers[index].getAttribute("data-sort") : null;
      headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
      if (!kind) {
        sorted = null;
        sortStatus = "";
        original.forEach(function (row) { body.appendChild(row); });
      } else {
        sorted = { index: index, ascending: ascending };
        headers[index].setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var lang = document.documentElement.lang;
        var order = original.slice().sort(function (a, b) {
          var x = value(a, index), y = value(b, index);
          if (x === "" && y === "") return 0;
          if (x === "") return 1; // unknown last, whichever the direction: it is not zero
          if (y === "") return -1;
          var d = kind === "number" ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, lang, { sensitivity: "base" });
          return ascending ? d : -d;
        });
        order.forEach(function (row) { body.appendChild(row); });
        sortStatus = headerText(index) + ": " + table.getAttribute(ascending ? "data-sort-ascending" : "data-sort-descending");
      }
      if (sortSelect) sortSelect.value = sorted ? (sorted.ascending ? "" : "-") + keyOf(sorted.index) : "";
    }

    function setupSorting() {
      headers.forEach(function (th, index) {
        if (!th.getAttribute("data-sort")) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "stepkb-sort";
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () {
          sortBy(index, th.getAttribute("aria-sort") !== "ascending");
          apply();
          writeAddress();
        });
      });
      // The same choice as a list, for the card layout on small screens, where the header row is hidden.
      if (!form || !bar) return;
      var label = document.createElement("label");
      label.className = "stepkb-filters__sort";
      label.appendChild(document.createTextNode(bar.getAttribute("data-sort-label") + " "));
      sortSelect = document.createElement("select");
      var none = new Option(bar.getAttribute("data-sort-none"), "");
      sortSelect.add(none);
      headers.forEach(function (th, index) {
        if (!th.getAttribute("data-sort")) return;
        [true, false].forEach(function (ascending) {
          sortSelect.add(new Option(headerText(index) + ": " + table.getAttribute(ascending ? "data-sort-ascending" : "data-sort-descending"),
            (ascending ? "" : "-") + keyOf(index)));
        });
      });
      sortSelect.addEventListener("change", function () {
        var v = sortSelect.value;
        sortBy(v ? indexOf(v.replace(/^-/, "")) : -1, v.charAt(0) !== "-");
        apply();
        writeAddress();
      });
      label.appendChild(sortSelect);
      form.insertBefore(label, output);
    }

    // ---- selection and the side-by-side view
    function selected() {
      return rows.filter(function (row) { var box = row.querySelector("input.stepkb-select"); return box && box.checked; });
    }

    function nameCell(row) {
      var copy = row.cells[0].cloneNode(true);
      each(copy.querySelectorAll("input"), function (input) { input.remove(); });
      return copy;
    }

    function sideBySide(focus) {
      var picked = selected();
      result.textContent = "";
      if (picked.length < 2) return;
      var out = document.createElement("table");
      out.className = "stepkb-table stepkb-side-by-side";
      var caption = out.createCaption();
      caption.id = "stepkb-side-by-side-caption";
      caption.textContent = result.getAttribute("data-caption");
      var head = out.createTHead().insertRow();
      var corner = document.createElement("td");
      head.appendChild(corner);
      picked.forEach(function (row) {
        var th = document.createElement("th");
        th.scope = "col";
        var copy = nameCell(row);
        while (copy.firstChild) th.appendChild(copy.firstChild); // our own escaped markup, copied
        head.appendChild(th);
      });
      var tbody = out.createTBody();
      headers.forEach(function (header, index) {
        if (index === 0 || header.classList.contains("stepkb-col-empty")) return;
        var tr = tbody.insertRow();
        var th = document.createElement("th");
        th.scope = "row";
        th.textContent = headerText(index);
        tr.appendChild(th);
        picked.forEach(function (row) {
          var td = tr.insertCell();
          td.innerHTML = row.cells[index].innerHTML; // our own escaped markup, copied from the table
        });
      });
      var wrap = document.createElement("div");
      wrap.className = "stepkb-scroll";
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-labelledby", caption.id);
      wrap.appendChild(out);
      result.appendChild(wrap);
      if (focus) {
        wrap.focus({ preventScroll: true });
        wrap.scrollIntoView({ block: "start" });
      }
    }

    function updateSelection() {
      var picked = selected();
      var status = bar.querySelector(".stepkb-selection__status");
      var names = picked.map(function (row) { return nameCell(row).querySelector("a").textContent.trim(); });
      status.textContent = picked.length ? bar.getAttribute("data-status").replace("{names}", names.join(", ")) : bar.getAttribute("data-none");
      bar.querySelector(".stepkb-selection__compare").disabled = picked.length < 2;
      bar.querySelector(".stepkb-selection__clear").disabled = picked.length === 0;
      bar.classList.toggle("stepkb-selection--active", picked.length > 0);
      rows.forEach(function (row) { row.classList.toggle("stepkb-selected", picked.indexOf(row) >= 0); });
      if (result.firstChild) sideBySide(false); // an open view follows the selection
    }

    function setupSelection(picked) {
      var label = table.getAttribute("data-select-label");
      rows.forEach(function (row) {
        var box = document.createElement("input");
        box.type = "checkbox";
        box.className = "stepkb-select";
        box.value = row.getAttribute("data-slug");
        box.checked = picked.indexOf(box.value) >= 0;
        box.setAttribute("aria-label", label + ": " + row.cells[0].querySelector("a").textContent.trim());
        row.cells[0].insertBefore(box, row.cells[0].firstChild);
      });
      body.addEventListener("change", function (event) {
        if (!event.target.classList.contains("stepkb-select")) return;
        updateSelection();
        writeAddress();
      });
      bar.querySelector(".stepkb-selection__compare").addEventListener("click", function () { sideBySide(true); });
      bar.querySelector(".stepkb-selection__clear").addEventListener("click", function () {
        each(body.querySelectorAll("input.stepkb-select"), function (box) { box.checked = false; });
        result.textContent = "";
        updateSelection();
        writeAddress();
      });
      updateSelection();
      if (selected().length >= 2) sideBySide(false);
    }

    setupSorting();
    var picked = readAddress();
    if (form) {
      form.addEventListener("change", function (event) {
        if (event.target === sortSelect) return;
        apply();
        if (result.firstChild) sideBySide(false);
        writeAddress();
      });
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    }
    apply();
    if (bar && result) setupSelection(picked);
    writeAddress();
  }

  function init() {
    var table = document.querySelector("table.stepkb-compare");
    if (!table) return;
    setup(table, document.querySelector("form.stepkb-filters"), document.querySelector(".stepkb-selection"),
      document.querySelector(".stepkb-side-by-side__result"));
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
