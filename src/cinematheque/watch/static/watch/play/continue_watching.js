// "Continue watching" on the home page (watch/play/home_section.html): the page is
// one cached copy for everyone, so a signed-in browser (the `signed_in` hint
// cookie, pages/signed_in_hint.py) asks for the member's films in progress.
(function () {
  "use strict";
  var HINT_COOKIE = "signed_in";

  function signedIn() {
    return document.cookie.split(";").some(function (part) {
      var cookie = part.trim();  // __Host-signed_in behind HTTPS
      return cookie.indexOf(HINT_COOKIE + "=") === 0 || cookie.indexOf("__Host-" + HINT_COOKIE + "=") === 0;
    });
  }

  function init() {
    var section = document.querySelector("[data-continue-watching-url]");
    if (!section || !signedIn()) {
      return;
    }
    fetch(section.getAttribute("data-continue-watching-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (html.trim()) {
          section.insertAdjacentHTML("beforeend", html);
          section.hidden = false;
        }
      })
      .catch(function () { /* the home page stays as cached */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
