// Sort and filter the report's tables; no library, no network. Rows carry data-v for sort
// values and data-class for the class filter.
(function () {
  "use strict";
  function value(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var raw = cell.hasAttribute("data-v") ? cell.getAttribute("data-v") : cell.textContent;
    var num = parseFloat(raw);
    return raw !== "" && isFinite(raw) && !isNaN(num) ? num : raw.trim().toLowerCase();
  }
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var descending = th.getAttribute("aria-sort") !== "descending";
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, index), y = value(b, index);
      var order;
      if (typeof x === "number" && typeof y === "number") order = x - y;
      else order = String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  function applyFilter(id) {
    var table = document.getElementById(id);
    var text = document.querySelector('[data-filter-for="' + id + '"]');
    var klass = document.querySelector('[data-class-for="' + id + '"]');
    var query = text ? text.value.trim().toLowerCase() : "";
    var wanted = klass ? klass.value : "";
    var shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = (!query || row.textContent.toLowerCase().indexOf(query) !== -1) &&
        (!wanted || row.getAttribute("data-class") === wanted);
      row.hidden = !ok;
      if (ok) shown++;
    }
    var count = document.querySelector('[data-count-for="' + id + '"]');
    if (count) count.textContent = shown + " of " + rows.length + " shown";
  }
  var tables = document.querySelectorAll("table[data-sortable]");
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Sort by " + th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });
  var inputs = document.querySelectorAll("[data-filter-for], [data-class-for]");
  Array.prototype.forEach.call(inputs, function (input) {
    var id = input.getAttribute("data-filter-for") || input.getAttribute("data-class-for");
    input.addEventListener("input", function () { applyFilter(id); });
    input.addEventListener("change", function () { applyFilter(id); });
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
