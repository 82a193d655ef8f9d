// A member's content limit on a cached film page: the page is the same for everyone,
// and the personal part lists the addresses of the films on it that this member's
// limit hides ("hidden_films"); their cards and links are removed from view.
(function () {
  "use strict";
  document.addEventListener("cinematheque:personal", function (event) {
    var hidden = event.detail && event.detail.fields && event.detail.fields.hidden_films;
    if (!Array.isArray(hidden)) {
      return;
    }
    hidden.forEach(function (url) {
      document.querySelectorAll("#recommendations a, #related a").forEach(function (link) {
        if (link.getAttribute("href") === url) {
          var item = link.closest("li") || link;
          item.hidden = true;
          item.setAttribute("data-hidden-by-limit", "");
        }
      });
    });
  });
})();
