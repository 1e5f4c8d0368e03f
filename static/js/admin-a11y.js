/* Two gaps of Django's admin that axe-core finds, closed here (loaded by
   templates/admin/base_site.html):
   - The autocomplete fields (Select2) name their combobox after the chosen value only: with
     nothing chosen, a screen reader hears no name (aria-input-field-name). Each one is named
     by its field's label as well, on the page as loaded and in inline rows added later.
   - On a phone an inline's table scrolls sideways inside its group; a read-only inline (the
     payments of a pledge) has nothing the keyboard can reach to scroll it
     (scrollable-region-focusable), or only fields hidden in the template row of a new one.
     Such a group becomes focusable, named by its heading,
     whether or not it scrolls at this moment: whether it does depends on the width and on
     when the layout settles, and a region that can scroll must always be reachable. */
(function () {
  "use strict";

  function labelOf(selection) {
    const container = selection.closest(".select2-container");
    const select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || !select.id) return null;
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (!label) return null;
    if (!label.id) label.id = select.id + "-label";
    return label.id;
  }

  function nameBy(element, labelId) {
    const ids = (element.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    if (!ids.includes(labelId)) {
      element.setAttribute("aria-labelledby", [labelId].concat(ids).join(" "));
    }
  }

  function nameAll() {
    document.querySelectorAll(".select2-selection").forEach(function (selection) {
      const labelId = labelOf(selection);
      if (!labelId) return;
      nameBy(selection, labelId);
      selection.querySelectorAll(".select2-selection__rendered, .select2-search__field")
        .forEach(function (part) { nameBy(part, labelId); });
    });
  }

  // Shown and enabled: the hidden template row of an inline ("add another") holds inputs that
  // the keyboard never reaches.
  function canFocus(element) {
    return !element.disabled && element.tabIndex >= 0 && element.getClientRects().length > 0;
  }

  function focusableScrollers() {
    document.querySelectorAll(".inline-group").forEach(function (group) {
      const reachable = Array.from(
        group.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea")
      ).some(canFocus);
      if (!reachable && !group.hasAttribute("tabindex")) {
        const heading = group.querySelector("h2");
        group.setAttribute("tabindex", "0");
        group.setAttribute("role", "region");
        if (heading) {
          if (!heading.id) heading.id = group.id + "-heading";
          group.setAttribute("aria-labelledby", heading.id);
        }
      }
    });
  }

  function start() {
    nameAll();
    focusableScrollers();
    new MutationObserver(function () {
      nameAll();
      focusableScrollers();
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
