// The report page of an import that runs in the background: read its progress
// every second (/me/imports/<id>/status/) and show the report once it is done.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var message = box.querySelector("[data-progress-message]");
  var count = box.querySelector("[data-progress-count]");
  var delay = 1000;

  function show(status) {
    if (status.state !== "queued") {
      window.location.reload();
      return false;
    }
    message.textContent = status.message;
    count.textContent = status.total ? " · " + status.done + " of " + status.total : "";
    if (status.percent === null || status.percent === undefined) {
      bar.removeAttribute("value");
    } else {
      bar.value = status.percent;
    }
    return true;
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        delay = 1000;
        if (show(status)) window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);  // the server is busy or away: slower
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
