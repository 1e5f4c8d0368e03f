// While a document's PDF is being made, fetch its status panel every few seconds and swap it
// in place (the panel is an aria-live region); stop once the PDF is ready or has failed.
(function () {
  "use strict";
  var DELAY = 4000;
  function poll() {
    var panel = document.getElementById("pdf-status");
    var url = panel && panel.getAttribute("data-refresh-url");
    if (!url) return;
    window.setTimeout(function () {
      fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("pdf-status");
          if (fresh) panel.replaceWith(fresh);
          poll();
        })
        .catch(function () { window.setTimeout(poll, DELAY * 3); });
    }, DELAY);
  }
  document.addEventListener("DOMContentLoaded", poll);
})();
