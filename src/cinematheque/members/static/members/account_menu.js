// The header's account menu. Pages are one cached copy for everyone and show
// "Log in · Sign up"; when the browser is signed in (the `signed_in` hint cookie,
// see pages/signed_in_hint.py) this asks /personal/site/ who it is and puts the
// member's menu (the <template id="account-menu"> of the page) in their place.
(function () {
  "use strict";
  var HINT_COOKIE = "signed_in";

  function hasHint() {
    return document.cookie.split(";").some(function (part) {
      var cookie = part.trim();  // __Host-signed_in behind HTTPS
      return cookie.indexOf(HINT_COOKIE + "=") === 0 || cookie.indexOf("__Host-" + HINT_COOKIE + "=") === 0;
    });
  }

  function pointLogInBack(holder) {
    var logIn = holder.querySelector("[data-account-login]");
    var here = window.location.pathname + window.location.search;
    if (logIn && window.location.pathname.indexOf("/accounts/") !== 0) {
      logIn.href = logIn.pathname + "?next=" + encodeURIComponent(here);
    }
  }

  function fillLink(item, url, csrfToken) {
    var link = item.querySelector("a");
    if (link) {
      link.href = url;
      if (url === window.location.pathname) {
        link.setAttribute("aria-current", "page");
      }
    }
    var form = item.querySelector("form");
    if (form) {
      form.action = url;
      form.querySelector("[name=csrfmiddlewaretoken]").value = csrfToken || "";
    }
    item.hidden = false;
  }

  function showMenu(holder, account, csrfToken) {
    var template = document.getElementById("account-menu");
    if (!template) {
      return;
    }
    var menu = template.content.cloneNode(true);
    menu.querySelector("[data-account-name]").textContent = account.username;
    menu.querySelector("[data-account-initial]").textContent =
      account.username.charAt(0).toUpperCase();
    menu.querySelectorAll("[data-account-link]").forEach(function (item) {
      var url = account.links[item.getAttribute("data-account-link")];
      if (url) {
        fillLink(item, url, csrfToken);
      }
    });
    holder.replaceChildren(menu);
    holder.classList.add("site-account--member");
    closeOnOutsideClick(holder.querySelector("details"));
  }

  function closeOnOutsideClick(details) {
    document.addEventListener("click", function (event) {
      if (details.open && !details.contains(event.target)) {
        details.open = false;
      }
    });
    details.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && details.open) {
        details.open = false;
        details.querySelector("summary").focus();
      }
    });
  }

  function load() {
    var holder = document.querySelector("[data-site-account]");
    if (!holder) {
      return;
    }
    pointLogInBack(holder);
    if (!hasHint()) {
      holder.setAttribute("data-account-ready", "");
      return;
    }
    fetch(holder.getAttribute("data-site-personal-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("account menu: HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        // Other parts of the page (film_filters.js) read the same answer.
        window.cinematheque = window.cinematheque || {};
        window.cinematheque.sitePersonal = data.fields || {};
        document.dispatchEvent(new CustomEvent("cinematheque:site-personal", {
          detail: window.cinematheque.sitePersonal,
        }));
        var account = data.fields && data.fields.account;
        if (account && account.signed_in) {
          showMenu(holder, account, data.csrf_token);
        }
      })
      .catch(function () { /* the header keeps its log-in links */ })
      .finally(function () {
        holder.setAttribute("data-account-ready", "");
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
