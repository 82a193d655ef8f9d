/* Suggestions for the header search box: an ARIA 1.2 combobox with a listbox popup.
   Arrow keys move through the suggestions, Enter opens the highlighted one (or the
   results page when none is), Escape closes the list. No dependencies. */
(function () {
  "use strict";

  var DELAY_MS = 110;
  var MIN_CHARS = 2;

  function SearchBox(form) {
    this.form = form;
    this.input = form.querySelector("[role=combobox]");
    this.list = form.querySelector("[role=listbox]");
    this.status = form.querySelector("[data-search-status]");
    this.url = form.getAttribute("data-suggest-url");
    this.options = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.cache = new Map();
    this.lastQuery = "";
    this.bind();
  }

  SearchBox.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () { self.schedule(); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("focus", function () {
      if (self.options.length && self.input.value.replace(/^\s+/, "") === self.lastQuery) self.open();
    });
    this.input.addEventListener("blur", function () {
      // Let a click on a suggestion land before the list goes away.
      window.setTimeout(function () { self.close(); }, 150);
    });
    this.list.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep focus in the input
    });
    this.list.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.follow(option);
    });
  };

  SearchBox.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    // A trailing space is kept: it tells the server the last word is complete.
    var query = this.input.value.replace(/^\s+/, "");
    if (query.trim().length < MIN_CHARS) {
      this.clear();
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(query); }, DELAY_MS);
  };

  SearchBox.prototype.fetch = function (query) {
    var self = this;
    if (this.cache.has(query)) {
      this.render(query, this.cache.get(query));
      return;
    }
    if (this.request) this.request.abort();
    this.request = new AbortController();
    fetch(this.url + "?q=" + encodeURIComponent(query), {
      signal: this.request.signal,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        self.cache.set(query, data.items || []);
        if (self.input.value.replace(/^\s+/, "") === query) self.render(query, data.items || []);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") self.clear();
      });
  };

  SearchBox.prototype.element = function (tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  SearchBox.prototype.option = function (index, item) {
    var li = this.element("li", "search-option search-option--" + item.type);
    li.id = "site-search-option-" + index;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.setAttribute("data-url", item.url);
    if (item.type === "film") {
      var poster = this.element("img", "search-option__poster");
      poster.src = item.poster_url;
      poster.alt = "";
      poster.width = 32;
      poster.height = 48;
      poster.loading = "lazy";
      li.appendChild(poster);
    } else {
      var avatar = item.type === "person"
        ? this.element("span", "search-option__avatar", (item.label || "?").charAt(0))
        : this.element("span", "search-option__avatar search-option__avatar--all", "→");
      avatar.setAttribute("aria-hidden", "true");
      li.appendChild(avatar);
    }
    var text = this.element("span", "search-option__text");
    var label = this.element("span", "search-option__label", item.label);
    if (item.type === "film" && item.year) {
      label.appendChild(this.element("span", "search-option__year", " (" + item.year + ")"));
    }
    text.appendChild(label);
    var detail = "";
    if (item.type === "film") detail = "Film";
    else if (item.type === "person") {
      detail = item.known_for
        ? "Known for " + item.known_for + (item.known_for_year ? " (" + item.known_for_year + ")" : "")
        : "Person";
    } else detail = "Films and people";
    text.appendChild(this.element("span", "search-option__detail", detail));
    li.appendChild(text);
    return li;
  };

  SearchBox.prototype.render = function (query, items) {
    this.lastQuery = query;
    this.list.textContent = "";
    this.options = [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    var self = this;
    items.forEach(function (item, index) {
      var li = self.option(index, item);
      self.list.appendChild(li);
      self.options.push(li);
    });
    var all = this.option(items.length, {
      type: "all",
      label: "See all results for “" + query.trim() + "”",
      url: this.form.getAttribute("action") + "?q=" + encodeURIComponent(query.trim()),
    });
    this.list.appendChild(all);
    this.options.push(all);
    this.status.textContent = items.length
      ? items.length + (items.length === 1 ? " suggestion" : " suggestions") + ". Use the up and down arrows to choose."
      : "No suggestions.";
    this.open();
  };

  SearchBox.prototype.open = function () {
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  SearchBox.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.highlight(-1);
  };

  SearchBox.prototype.clear = function () {
    if (this.request) this.request.abort();
    this.list.textContent = "";
    this.options = [];
    this.lastQuery = "";
    this.status.textContent = "";
    this.close();
  };

  SearchBox.prototype.highlight = function (index) {
    this.options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    this.active = index;
    if (index >= 0) {
      var option = this.options[index];
      this.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  SearchBox.prototype.follow = function (option) {
    window.location.assign(option.getAttribute("data-url"));
  };

  SearchBox.prototype.onKey = function (event) {
    var count = this.options.length;
    var isOpen = !this.list.hidden && count > 0;
    switch (event.key) {
      case "ArrowDown":
        if (!count) return;
        event.preventDefault();
        if (!isOpen) this.open();
        this.highlight(this.active + 1 >= count ? 0 : this.active + 1);
        break;
      case "ArrowUp":
        if (!count) return;
        event.preventDefault();
        if (!isOpen) this.open();
        this.highlight(this.active <= 0 ? count - 1 : this.active - 1);
        break;
      case "Home":
      case "End":
        if (!isOpen || this.active < 0) return;
        event.preventDefault();
        this.highlight(event.key === "Home" ? 0 : count - 1);
        break;
      case "Enter":
        if (isOpen && this.active >= 0) {
          event.preventDefault();
          this.follow(this.options[this.active]);
        }
        break; // otherwise the form submits: /search/?q=…
      case "Escape":
        if (isOpen) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.clear();
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  function start() {
    document.querySelectorAll("[data-search-box]").forEach(function (form) {
      new SearchBox(form);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
