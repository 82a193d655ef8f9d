// The film page's member controls (members/sections/film_actions.html): half-star
// rating, watched, watchlist and the "Log a viewing" dialog. The page is the cached
// HTML everyone gets; the member's state comes from the personal fields
// (pages/static/pages/personal.js) and every change is saved through them, so
// nothing reloads. Without JavaScript the "Log a viewing" link opens its own page.
(function () {
  "use strict";
  var LABELS = ["½", "1", "1½", "2", "2½", "3", "3½", "4", "4½", "5"];
  var root = document.querySelector("[data-member-actions]");
  if (!root) {
    return;
  }
  var controls = root.querySelector("[data-member-controls]");
  var visitor = root.querySelector("[data-member-visitor]");
  var stars = Array.prototype.slice.call(root.querySelectorAll(".stars__half"));
  var clearButton = root.querySelector("[data-clear-rating]");
  var status = root.querySelector("[data-rating-label]");
  var errorLine = root.querySelector("[data-member-error]");
  var dialog = root.querySelector("[data-log-dialog]");
  var form = root.querySelector("[data-log-form]");
  var logError = root.querySelector("[data-log-error]");
  var current = { rating: null, watched: false, on_watchlist: false };
  var busy = false;

  function starText(value) {
    return LABELS[value - 1] + (value === 2 ? " star" : " stars");
  }

  function paintStars(value) {
    stars.forEach(function (button) {
      var n = Number(button.getAttribute("data-value"));
      button.classList.toggle("is-on", value != null && n <= value);
    });
  }

  function showRating(value) {
    paintStars(value);
    stars.forEach(function (button) {
      var n = Number(button.getAttribute("data-value"));
      button.setAttribute("aria-pressed", String(n === value));
    });
    clearButton.hidden = value == null;
    status.textContent = value == null ? "Rate it" : "You rated it " + starText(value);
  }

  function showToggle(name, on) {
    var button = root.querySelector('[data-toggle="' + name + '"]');
    var label = button.querySelector("[data-toggle-label]");
    button.setAttribute("aria-pressed", String(on));
    label.textContent = label.getAttribute(on ? "data-on" : "data-off");
  }

  function showError(element, errors) {
    var messages = [];
    Object.keys(errors || {}).forEach(function (name) {
      var value = errors[name];
      if (Array.isArray(value)) {
        value.forEach(function (item) { messages.push(item.message || String(item)); });
      } else {
        messages.push(String(value));
      }
    });
    element.textContent = messages.join(" ") || "That did not work. Try again in a moment.";
    element.hidden = false;
  }

  function show(fields, csrfToken) {
    var member = fields.member || {};
    if (!member.signed_in) {
      visitor.hidden = false;
      controls.hidden = true;
      return;
    }
    visitor.hidden = true;
    controls.hidden = false;
    current.rating = fields.rating == null ? null : Number(fields.rating);
    current.watched = Boolean(fields.watched);
    current.on_watchlist = Boolean(fields.on_watchlist);
    showRating(current.rating);
    showToggle("watched", current.watched);
    showToggle("on_watchlist", current.on_watchlist);
    root.querySelector("[data-diary-unit]").textContent =
      Number(fields.diary_count) === 1 ? "viewing" : "viewings";
    root.querySelectorAll("[data-csrf]").forEach(function (input) {
      input.value = csrfToken || "";
    });
  }

  // The members' average and histogram (#member-rating) belong to the page that
  // everyone shares, and a rating forgets that page: after one, the box is read
  // again from the page as it now is, so its markup stays in its template
  // (members/sections/member_rating.html). Without an answer the old box stays.
  function refreshSummary() {
    var box = document.getElementById("member-rating");
    if (!box || !window.DOMParser) {
      return;
    }
    fetch(window.location.pathname, { credentials: "same-origin", cache: "no-cache" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html == null) {
          return;
        }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("member-rating");
        if (fresh) {
          box.replaceWith(document.importNode(fresh, true));
        }
      })
      .catch(function () {});
  }

  function save(values) {
    if (busy) {
      return;
    }
    busy = true;
    errorLine.hidden = true;
    window.cinematheque.personalPost(values)
      .then(function () {
        if (Object.prototype.hasOwnProperty.call(values, "rating")) {
          refreshSummary();
        }
      })
      .catch(function (error) { showError(errorLine, error.errors); })
      .then(function () { busy = false; });
  }

  document.addEventListener("cinematheque:personal", function (event) {
    show(event.detail.fields || {}, event.detail.csrfToken);
  });

  stars.forEach(function (button) {
    var value = Number(button.getAttribute("data-value"));
    button.addEventListener("click", function () { save({ rating: value }); });
    button.addEventListener("mouseenter", function () { paintStars(value); });
    button.addEventListener("focus", function () { paintStars(value); });
    button.addEventListener("mouseleave", function () { paintStars(current.rating); });
    button.addEventListener("blur", function () { paintStars(current.rating); });
  });
  clearButton.addEventListener("click", function () { save({ rating: null }); });
  root.querySelectorAll("[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var name = button.getAttribute("data-toggle");
      var change = {};
      change[name] = !current[name];
      save(change);
    });
  });

  function today() {
    var now = new Date();
    var month = String(now.getMonth() + 1).padStart(2, "0");
    var day = String(now.getDate()).padStart(2, "0");
    return now.getFullYear() + "-" + month + "-" + day;
  }

  root.querySelector("[data-log-open]").addEventListener("click", function (event) {
    if (!dialog.showModal) {
      return; // an old browser: the link's own page
    }
    event.preventDefault();
    form.reset();
    logError.hidden = true;
    form.elements.watched_on.value = today();
    if (current.rating != null) {
      form.elements.rating.value = String(current.rating);
    }
    dialog.showModal();
    form.elements.watched_on.focus();
  });
  root.querySelector("[data-log-close]").addEventListener("click", function () {
    dialog.close();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    logError.hidden = true;
    fetch(form.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: new FormData(form),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          showError(logError, data.errors || { request: data.detail });
          return null;
        }
        dialog.close();
        if (form.elements.rating.value) {
          refreshSummary();
        }
        return window.cinematheque.personalRefresh();
      });
    }).catch(function () {
      showError(logError, {});
    });
  });
})();
