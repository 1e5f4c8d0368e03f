// The admin export page's "Select all" box ticks or clears every field of the export. The
// package's template called its handler from an onchange attribute, which our
// Content-Security-Policy blocks; templates/admin/import_export/export.html binds it here.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
      toggle.addEventListener("change", function () {
        document
          .querySelectorAll('.selectable-field-export-row input[type="checkbox"]')
          .forEach(function (box) { box.checked = toggle.checked; });
      });
    });
  });
})();
