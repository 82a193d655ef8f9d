// The film in the visitor's language. The film page is one cached page for
// everyone: it lists the languages the film is translated into, and this script
// fetches the translation the browser prefers (navigator.languages) or the one
// picked in the switch, and shows its title under the heading, its tagline and its
// overview in place of the original ones, credited to their source. Everything
// fetched is inserted as text; the markup comes from the page's templates.
(function () {
  "use strict";

  var STORAGE_KEY = "cinematheque.synopsisLanguage";
  var box = document.querySelector("[data-synopsis-languages]");
  var text = document.querySelector("[data-synopsis-text]");
  if (!box || !text || !window.fetch) return;
  var select = box.querySelector("[data-synopsis-switch]");
  var credit = box.querySelector("[data-synopsis-credit]");
  var originalCredit = document.querySelector("[data-synopsis-original-credit]");
  var original = Array.prototype.slice.call(text.childNodes);
  var originalLanguage = (text.getAttribute("lang") || "en").toLowerCase();
  var titleLine = document.querySelector("[data-translated-title]");
  var tagline = document.querySelector("[data-tagline]");
  var taglineTemplate = tagline && tagline.querySelector("[data-tagline-translation]");
  var originalTagline = tagline ? Array.prototype.slice.call(tagline.childNodes) : [];
  var choice = 0;  // counts the choices, so that only the latest one is shown
  var tags = Array.prototype.map
    .call(select.options, function (option) { return option.value; })
    .filter(Boolean);

  function primary(tag) { return tag.toLowerCase().split("-")[0]; }
  function folded(value) { return String(value || "").trim().toLowerCase(); }

  // The first preferred language the page can show: the original's language ends
  // the search (the visitor reads it), else an exact tag, else the same language.
  function preferred(languages) {
    for (var i = 0; i < languages.length; i++) {
      var wanted = String(languages[i] || "");
      if (!wanted) continue;
      if (primary(wanted) === primary(originalLanguage)) return "";
      var exact = tags.filter(function (tag) {
        return tag.toLowerCase() === wanted.toLowerCase();
      })[0];
      if (exact) return exact;
      var same = tags.filter(function (tag) {
        return primary(tag) === primary(wanted);
      })[0];
      if (same) return same;
    }
    return "";
  }

  function languageName(tag) {
    var option = Array.prototype.filter.call(select.options, function (item) {
      return item.value === tag;
    })[0];
    return option ? option.textContent : tag;
  }

  function showTitle(data, tag) {
    if (!titleLine) return;
    var own = [titleLine.dataset.title, titleLine.dataset.originalTitle].map(folded);
    var title = String(data.title || "").trim();
    if (!title || own.indexOf(folded(title)) >= 0) {
      titleLine.hidden = true;
      return;
    }
    var shown = titleLine.querySelector("[data-translated-title-text]");
    shown.textContent = title;
    shown.setAttribute("lang", data.language);
    titleLine.querySelector("[data-translated-title-language]").textContent =
      languageName(tag);
    titleLine.hidden = false;
  }

  function showTagline(data) {
    if (!tagline || !taglineTemplate) return;
    var wanted = String(data.tagline || "").trim();
    if (!wanted) {
      tagline.replaceChildren.apply(tagline, originalTagline);
      return;
    }
    var copy = taglineTemplate.content.cloneNode(true);
    var line = copy.querySelector("[data-tagline-text]");
    line.textContent = wanted;
    line.setAttribute("lang", data.language);
    copy.querySelector("[data-tagline-source]").textContent = data.source;
    tagline.replaceChildren(copy, taglineTemplate);
  }

  function showOverview(data) {
    var overview = String(data.overview || "").trim();
    Array.prototype.forEach.call(
      credit.querySelectorAll("[data-credit-for]"),
      function (part) {
        part.hidden = part.dataset.creditFor !== (overview ? "overview" : "no-overview");
      }
    );
    Array.prototype.forEach.call(
      credit.querySelectorAll("[data-synopsis-source]"),
      function (name) { name.textContent = data.source; }
    );
    credit.hidden = false;
    if (!overview) {
      restoreOverview();
      return;
    }
    var paragraphs = overview.split(/\n\s*\n/).map(function (part) {
      var p = document.createElement("p");
      p.textContent = part.trim();
      return p;
    });
    text.replaceChildren.apply(text, paragraphs);
    text.setAttribute("lang", data.language);
    if (originalCredit) originalCredit.hidden = true;
  }

  function restoreOverview() {
    text.replaceChildren.apply(text, original);
    text.setAttribute("lang", originalLanguage);
    if (originalCredit) originalCredit.hidden = false;
  }

  function showOriginal() {
    choice += 1;  // a translation still on its way is no longer wanted
    box.removeAttribute("aria-busy");
    restoreOverview();
    credit.hidden = true;
    if (titleLine) titleLine.hidden = true;
    if (tagline) tagline.replaceChildren.apply(tagline, originalTagline);
    select.value = "";
  }

  function showTranslation(tag) {
    var request = ++choice;
    box.setAttribute("aria-busy", "true");
    fetch(select.dataset.base + encodeURIComponent(tag) + ".json", {
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (request !== choice) return;  // the visitor picked another since
        showTitle(data, tag);
        showTagline(data);
        showOverview(data);
        select.value = tag;
      })
      .catch(function () { if (request === choice) showOriginal(); })
      .then(function () {
        if (request === choice) box.removeAttribute("aria-busy");
      });
  }

  function remembered() {
    try { return window.localStorage.getItem(STORAGE_KEY); } catch (error) { return null; }
  }

  select.addEventListener("change", function () {
    try {
      window.localStorage.setItem(STORAGE_KEY, select.value || "original");
    } catch (error) { /* private browsing: the choice lasts for this page */ }
    if (select.value) showTranslation(select.value); else showOriginal();
  });

  box.hidden = false;
  var chosen = remembered();
  var initial = chosen === "original" ? "" :
    (chosen && tags.indexOf(chosen) >= 0) ? chosen :
    preferred(navigator.languages || [navigator.language]);
  if (initial) showTranslation(initial);
})();
