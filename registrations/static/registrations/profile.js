/* The profile page: ticking "I need a visa invitation letter" opens the passport details,
   unticking it closes them (registrations/profile.html). Without JavaScript the page works as
   well: the details open from their summary, and the server opens them when the box is ticked
   or a passport field has an error. A file, not an inline script: the Content-Security-Policy
   allows scripts from our own static files only. */
(function () {
  "use strict";
  document.querySelectorAll("details[data-opened-by]").forEach(function (details) {
    var box = document.getElementById(details.getAttribute("data-opened-by"));
    if (!box) {
      return;
    }
    box.setAttribute("aria-controls", details.id);
    box.addEventListener("change", function () {
      details.open = box.checked;
    });
  });
})();
