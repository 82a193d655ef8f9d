// Personal parts of a cached page. The HTML is the same for every visitor; an
// element with data-personal-url asks that JSON endpoint for what depends on who is
// looking, and every [data-personal="name"] element gets the field's value as text.
// window.cinematheque.personalPost(values) saves writable fields with the CSRF token
// the endpoint returned (members' ratings, watchlist… add fields server-side);
// window.cinematheque.personalRefresh() reads them again. After every answer the
// document gets a "cinematheque:personal" event whose detail is
// {fields, csrfToken}; a refused POST rejects with an Error whose .errors holds the
// server's messages by field.
(function () {
  "use strict";
  var state = { url: null, csrfToken: null, fields: {} };

  function fill(fields) {
    state.fields = fields || {};
    document.querySelectorAll("[data-personal]").forEach(function (element) {
      var path = element.getAttribute("data-personal").split(".");
      var value = state.fields;
      for (var i = 0; i < path.length && value != null; i += 1) {
        value = value[path[i]];
      }
      if (value == null || typeof value === "object") {
        return;
      }
      element.textContent = String(value);
      element.hidden = false;
    });
    document.documentElement.setAttribute("data-personal-ready", "");
    document.dispatchEvent(new CustomEvent("cinematheque:personal", {
      detail: { fields: state.fields, csrfToken: state.csrfToken },
    }));
  }

  function refused(response) {
    var error = new Error("personal parts: HTTP " + response.status);
    error.status = response.status;
    error.errors = {};
    return response.json().then(function (data) {
      error.errors = (data && (data.errors || (data.detail && { request: data.detail }))) || {};
      throw error;
    }, function () { throw error; });
  }

  function receive(response) {
    if (!response.ok) {
      return refused(response);
    }
    return response.json().then(function (data) {
      if (data.csrf_token) {
        state.csrfToken = data.csrf_token;
      }
      fill(data.fields);
      return data;
    });
  }

  function read() {
    return fetch(state.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(receive);
  }

  function load() {
    var holder = document.querySelector("[data-personal-url]");
    if (!holder) {
      return;
    }
    state.url = holder.getAttribute("data-personal-url");
    read().catch(function () { /* the page stays as cached: personal parts are extras */ });
  }

  window.cinematheque = window.cinematheque || {};
  window.cinematheque.personalPost = function (values) {
    return fetch(state.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": state.csrfToken || "",
      },
      body: JSON.stringify(values),
    }).then(receive);
  };

  window.cinematheque.personalRefresh = read;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
