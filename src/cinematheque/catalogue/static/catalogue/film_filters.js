// Personal filters of a cached film list (catalogue/film_filters.py). The page is
// the same for everyone and shows each filter's set-up link; a member who can use
// a filter (the `film_filters` field of /personal/site/, read by account_menu.js)
// gets its control instead.
(function () {
  "use strict";

  function show(fields) {
    var usable = (fields && fields.film_filters) || {};
    document.querySelectorAll("[data-film-filter]").forEach(function (holder) {
      if (!usable[holder.getAttribute("data-film-filter")]) {
        return;
      }
      holder.querySelectorAll("[data-film-filter-control]").forEach(function (control) {
        control.hidden = false;
      });
      holder.querySelectorAll("[data-film-filter-setup]").forEach(function (setup) {
        setup.hidden = true;
      });
    });
  }

  var site = window.cinematheque && window.cinematheque.sitePersonal;
  if (site) {
    show(site);
  }
  document.addEventListener("cinematheque:site-personal", function (event) {
    show(event.detail);
  });
})();
