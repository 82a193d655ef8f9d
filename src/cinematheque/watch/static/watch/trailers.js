// Trailers on the film page (watch/templates/watch/trailers/section.html).
// 1. A facade becomes the video's player only when pressed: until then the page has
//    asked nothing of YouTube or Vimeo. The player's address is the facade's
//    data-embed (youtube-nocookie.com, or Vimeo with dnt=1).
// 2. The page is cached for everyone and lists the site's language first: here the
//    best official trailer in the browser's own language moves to the front.
(function () {
  "use strict";

  var section = document.querySelector("[data-trailers]");
  if (!section) return;

  function play(event) {
    var facade = event.target.closest("[data-embed]");
    if (!facade || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    var player = document.createElement("iframe");
    player.className = "trailer__player";
    player.src = facade.dataset.embed;
    player.title = facade.dataset.playerTitle || "Video player";
    player.allow = "autoplay; fullscreen; picture-in-picture; encrypted-media";
    player.allowFullscreen = true;
    player.referrerPolicy = "strict-origin-when-cross-origin";
    facade.replaceWith(player);
    player.focus();
  }

  function browserLanguages() {
    var tags = navigator.languages && navigator.languages.length
      ? navigator.languages : [navigator.language || ""];
    return tags.map(function (tag) { return tag.split("-")[0].toLowerCase(); });
  }

  function promoteTrailerInBrowserLanguage() {
    var list = section.querySelector('[data-kind="trailer"] [data-trailer-list]');
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    var languages = browserLanguages();
    for (var i = 0; i < languages.length; i++) {
      var match = items.filter(function (item) {
        return item.dataset.official === "true" && item.dataset.language === languages[i];
      })[0];
      if (match) {
        if (match !== list.firstElementChild) list.insertBefore(match, list.firstElementChild);
        return;
      }
    }
  }

  section.addEventListener("click", play);
  promoteTrailerInBrowserLanguage();
})();
