// Where to watch (watch/where): the cached film page holds no offers. Once the
// personal fields arrive (pages/personal.js) and name the visitor's region, this
// loads /watch/films/<slug>/offers/?region=XX, a fragment cached per film and
// region, into the section. Choosing another region in its switcher loads that
// region's fragment without reloading the page and posts the choice (a cookie, and
// a member's account setting) with the CSRF token of the personal fields.
(function () {
  "use strict";
  var section = document.querySelector("[data-watch-where]");
  if (!section) {
    return;
  }
  var body = section.querySelector("[data-watch-where-body]");
  var loading = section.querySelector("[data-watch-where-loading]");
  var csrfToken = null;
  var current = null;
  if (loading) {
    loading.hidden = false;
  }

  function fragmentUrl(region) {
    var base = section.getAttribute("data-watch-where");
    return region ? base + "?region=" + encodeURIComponent(region) : base;
  }

  function show(region) {
    current = region;
    section.setAttribute("aria-busy", "true");
    return fetch(fragmentUrl(region), { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("where to watch: HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (region !== current) {
          return; // a later choice is on its way
        }
        body.innerHTML = html;
        section.setAttribute("data-watch-ready", region);
      })
      .catch(function () {
        body.innerHTML = "";
        var p = document.createElement("p");
        p.className = "watch-offers__note";
        p.textContent = "Where to watch could not be loaded. ";
        var link = document.createElement("a");
        link.href = section.getAttribute("data-watch-where").replace(/offers\/$/, "");
        link.textContent = "Try the page of offers";
        p.appendChild(link);
        body.appendChild(p);
      })
      .then(function () {
        section.removeAttribute("aria-busy");
      });
  }

  function remember(region) {
    var data = new FormData();
    data.append("region", region);
    return fetch(section.getAttribute("data-watch-region-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken || "" },
      body: data,
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("region: HTTP " + response.status);
      }
    }).catch(function () {
      // Without the server's answer, the browser still keeps the visitor's choice.
      // Behind HTTPS the cookie is __Host-watch_region, Secure (pages/cookie_names.py).
      var https = window.location.protocol === "https:";
      document.cookie = (https ? "__Host-" : "") + "watch_region=" + region +
        "; path=/; max-age=31536000; samesite=lax" + (https ? "; secure" : "");
    });
  }

  body.addEventListener("change", function (event) {
    var select = event.target.closest("[data-watch-region-form] select");
    if (select) {
      remember(select.value);
      show(select.value);
    }
  });
  body.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-watch-region-form]");
    if (form) {
      event.preventDefault();
      var region = form.querySelector("select").value;
      remember(region);
      show(region);
    }
  });

  var started = false;
  document.addEventListener("cinematheque:personal", function (event) {
    var detail = event.detail || {};
    csrfToken = detail.csrfToken || csrfToken;
    var region = detail.fields && detail.fields.watch_region;
    if (!started && region) {
      started = true;
      show(region);
    }
  });
  // Personal parts that never arrive (an error, a blocked request): the server
  // resolves the region from the cookie and the browser's languages instead.
  window.setTimeout(function () {
    if (!started) {
      started = true;
      show("").catch(function () {});
    }
  }, 4000);
})();
