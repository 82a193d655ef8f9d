// The film's age rating for the visitor's country, when a source gives one: the
// country chosen for "where to watch" (the watch_region cookie), else the country of
// the browser's language ("fr-FR" → FR). The cached page shows the operator's default.
(function () {
  "use strict";
  var cell = document.querySelector("[data-certifications]");
  var data = document.getElementById("film-certifications");
  if (!cell || !data) return;
  var ratings;
  try { ratings = JSON.parse(data.textContent); } catch (e) { return; }

  function cookieRegion() {
    var match = document.cookie.match(/(?:^|;\s*)(?:__Host-)?watch_region=([A-Za-z]{2})(?:;|$)/);
    return match ? match[1].toUpperCase() : "";
  }
  function languageRegions() {
    var languages = navigator.languages || [navigator.language || ""];
    var regions = [];
    languages.forEach(function (tag) {
      var parts = String(tag).split("-");
      if (parts.length > 1 && /^[A-Za-z]{2}$/.test(parts[parts.length - 1])) {
        regions.push(parts[parts.length - 1].toUpperCase());
      }
    });
    return regions;
  }
  var wanted = [cookieRegion()].concat(languageRegions());
  for (var i = 0; i < wanted.length; i++) {
    var country = wanted[i];
    if (country && Object.prototype.hasOwnProperty.call(ratings, country)) {
      var badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = ratings[country];
      var where = document.createElement("span");
      where.className = "muted";
      where.textContent = " (" + country + ")";
      cell.replaceChildren(badge, where);
      cell.setAttribute("data-country", country);
      return;
    }
  }
})();
