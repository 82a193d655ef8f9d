// The synopsis in the visitor's language. The film page is one cached page for
// everyone: it lists the languages of the film's translated overviews, and this
// script fetches the one the browser prefers (navigator.languages) or the one picked
// in the switch, and shows it in place of the original, credited to its source.
(function () {
  "use strict";

  var STORAGE_KEY = "cinematheque.synopsisLanguage";
  var box = document.querySelector("[data-synopsis-languages]");
  var text = document.querySelector("[data-synopsis-text]");
  if (!box || !text || !window.fetch) return;
  var select = box.querySelector("[data-synopsis-switch]");
  var credit = box.querySelector("[data-synopsis-credit]");
  var sourceName = box.querySelector("[data-synopsis-source]");
  var original = Array.prototype.slice.call(text.childNodes);
  var originalLanguage = (text.getAttribute("lang") || "en").toLowerCase();
  var tags = Array.prototype.map
    .call(select.options, function (option) { return option.value; })
    .filter(Boolean);

  function primary(tag) { return tag.toLowerCase().split("-")[0]; }

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

  function showOriginal() {
    text.replaceChildren.apply(text, original);
    text.setAttribute("lang", originalLanguage);
    credit.hidden = true;
    select.value = "";
  }

  function showTranslation(tag) {
    box.setAttribute("aria-busy", "true");
    fetch(select.dataset.base + encodeURIComponent(tag) + ".json", {
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var paragraphs = String(data.overview)
          .split(/\n\s*\n/)
          .map(function (part) {
            var p = document.createElement("p");
            p.textContent = part.trim();
            return p;
          });
        text.replaceChildren.apply(text, paragraphs);
        text.setAttribute("lang", data.language);
        sourceName.textContent = data.source;
        credit.hidden = false;
        select.value = tag;
      })
      .catch(showOriginal)
      .then(function () { box.removeAttribute("aria-busy"); });
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
