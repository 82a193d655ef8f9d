// The player of a film page (watch/play/film_section.html). The page is one cached
// copy for everyone: when the personal field `playable` is true (a member allowed
// to play, and the library has the film), this fetches the member's player and
// wires it: the <video> in a dialog, its subtitles, a loading state with the
// buffered share, a clear message when the browser cannot play the file, and the
// position saved every 5 s and on pause or when the page is left.
(function () {
  "use strict";
  var SAVE_EVERY_MS = 5000;
  var section = null;
  var csrfToken = "";
  var loaded = false;

  function clock(seconds) {
    var total = Math.floor(seconds || 0);
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var secs = total % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return hours ? hours + ":" + two(minutes) + ":" + two(secs) : minutes + ":" + two(secs);
  }

  function Player(root) {
    this.dialog = root.querySelector("[data-player-dialog]");
    this.video = root.querySelector("[data-player-video]");
    this.status = root.querySelector("[data-player-status]");
    this.statusText = root.querySelector("[data-player-status-text]");
    this.buffered = root.querySelector("[data-player-buffered]");
    this.resume = root.querySelector("[data-player-resume]");
    this.error = root.querySelector("[data-player-error]");
    this.label = root.querySelector("[data-player-label]");
    this.file = null;
    this.lastSaved = 0;
    this.ready = false;
    this.bind(root);
  }

  Player.prototype.bind = function (root) {
    var self = this;
    root.querySelectorAll("[data-player-file]").forEach(function (file) {
      file.querySelector("[data-player-open]").addEventListener("click", function () {
        self.open(file);
      });
    });
    root.querySelector("[data-player-close]").addEventListener("click", function () {
      self.dialog.close();
    });
    this.dialog.addEventListener("close", function () {
      self.save();
      self.video.pause();
    });
    root.querySelector("[data-player-resume-button]").addEventListener("click", function () {
      self.start(parseFloat(self.file.getAttribute("data-position")) || 0);
    });
    root.querySelector("[data-player-start-over]").addEventListener("click", function () {
      self.start(0);
    });
    var video = this.video;
    video.addEventListener("progress", function () { self.showBuffered(); });
    video.addEventListener("loadedmetadata", function () { self.showBuffered(); });
    video.addEventListener("waiting", function () { self.loading("Buffering…"); });
    video.addEventListener("seeking", function () { self.loading("Loading from " + clock(video.currentTime) + "…"); });
    video.addEventListener("canplay", function () { self.ready = true; self.hideStatus(); });
    video.addEventListener("playing", function () { self.hideStatus(); });
    video.addEventListener("seeked", function () { if (video.readyState >= 3) { self.hideStatus(); } });
    video.addEventListener("error", function () { self.cannotPlay(); });
    video.addEventListener("pause", function () { self.save(); });
    video.addEventListener("timeupdate", function () {
      if (Date.now() - self.lastSaved >= SAVE_EVERY_MS) { self.save(); }
    });
    window.addEventListener("pagehide", function () { self.save(true); });
  };

  Player.prototype.open = function (file) {
    this.file = file;
    this.ready = false;
    this.error.hidden = true;
    this.resume.hidden = true;
    this.video.hidden = false;
    this.label.textContent = file.getAttribute("data-label") ? "· " + file.getAttribute("data-label") : "";
    if (typeof this.dialog.showModal === "function") {
      this.dialog.showModal();
    } else {
      this.dialog.setAttribute("open", "");
    }
    if (!this.browserMayPlay(file)) {
      this.cannotPlay();
      return;
    }
    this.load(file);
    var position = parseFloat(file.getAttribute("data-position")) || 0;
    if (position > 0) {
      this.resume.querySelector("[data-player-resume-at]").textContent = clock(position);
      this.resume.hidden = false;
    } else {
      this.start(0);
    }
  };

  Player.prototype.browserMayPlay = function (file) {
    if (file.getAttribute("data-doubtful") !== "true") {
      return true;
    }
    var type = file.getAttribute("data-type");
    var codecs = file.getAttribute("data-codecs");
    var asked = codecs ? type + '; codecs="' + codecs + '"' : type;
    // Matroska and AVI are not types Chromium admits to: a file of them may still
    // play (an error event then tells), unless its video codec is refused.
    return !codecs || this.video.canPlayType(asked) !== "" || type === "video/x-matroska";
  };

  Player.prototype.load = function (file) {
    var video = this.video;
    video.querySelectorAll("track").forEach(function (track) { track.remove(); });
    var tracks = file.querySelector("[data-player-tracks]").content.cloneNode(true);
    video.appendChild(tracks);
    video.src = file.getAttribute("data-src");
    this.loading("Loading the film…");
    video.load();
  };

  Player.prototype.start = function (position) {
    var video = this.video;
    this.resume.hidden = true;
    var play = function () {
      if (position > 0) {
        video.currentTime = position;
      }
      var playing = video.play();
      if (playing && playing.catch) {
        playing.catch(function () { /* the controls stay for the member to press play */ });
      }
    };
    if (video.readyState >= 1) {
      play();
    } else {
      video.addEventListener("loadedmetadata", play, { once: true });
    }
  };

  Player.prototype.loading = function (text) {
    if (!this.error.hidden) {
      return;
    }
    this.statusText.textContent = text;
    this.status.hidden = false;
    this.showBuffered();
  };

  Player.prototype.hideStatus = function () {
    this.status.hidden = true;
  };

  Player.prototype.showBuffered = function () {
    var video = this.video;
    if (!video.duration || !isFinite(video.duration)) {
      return;
    }
    // The buffered stretch that holds the current time: how much is ready to play.
    var ahead = 0;
    for (var i = 0; i < video.buffered.length; i += 1) {
      if (video.buffered.start(i) <= video.currentTime + 0.5 && video.buffered.end(i) >= video.currentTime) {
        ahead = video.buffered.end(i);
      }
    }
    var percent = Math.round(100 * ahead / video.duration);
    this.buffered.value = percent;
    this.buffered.setAttribute("aria-label", percent + " % loaded");
    if (!this.status.hidden) {
      var base = this.statusText.textContent.replace(/ \(\d+ % loaded\)$/, "");
      this.statusText.textContent = base + " (" + percent + " % loaded)";
    }
  };

  Player.prototype.cannotPlay = function () {
    if (!this.file) {
      return;
    }
    this.status.hidden = true;
    this.resume.hidden = true;
    this.video.removeAttribute("src");
    this.video.hidden = true;
    this.error.replaceChildren(this.file.querySelector("[data-player-cannot]").content.cloneNode(true));
    this.error.hidden = false;
  };

  Player.prototype.save = function (leaving) {
    var video = this.video;
    if (!this.file || !this.ready || !video.currentTime || !csrfToken) {
      return;
    }
    this.lastSaved = Date.now();
    var position = video.currentTime;
    var duration = isFinite(video.duration) ? video.duration : null;
    this.file.setAttribute("data-position", String(position));
    fetch(this.file.getAttribute("data-position-url"), {
      method: "POST",
      credentials: "same-origin",
      keepalive: Boolean(leaving),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
      body: JSON.stringify({ position: position, duration: duration }),
    }).catch(function () { /* the next save tries again */ });
  };

  function show(html) {
    var body = section.querySelector("[data-play-body]");
    body.innerHTML = html;
    section.hidden = false;
    if (body.querySelector("[data-player-dialog]")) {
      new Player(body);
      if (window.location.hash === "#play") {
        section.scrollIntoView();
      }
    }
  }

  function onPersonal(event) {
    var detail = event.detail || {};
    csrfToken = detail.csrfToken || csrfToken;
    if (loaded || !detail.fields || detail.fields.playable !== true) {
      return;
    }
    loaded = true;
    fetch(section.getAttribute("data-play-url"), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (html) { show(html); } })
      .catch(function () { loaded = false; });
  }

  function init() {
    section = document.querySelector("[data-play]");
    if (!section) {
      return;
    }
    document.addEventListener("cinematheque:personal", onPersonal);
    if (document.documentElement.hasAttribute("data-personal-ready") && window.cinematheque && window.cinematheque.personalRefresh) {
      window.cinematheque.personalRefresh();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
