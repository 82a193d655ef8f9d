// Members' social pages: review tabs (newest / most liked) and drag-to-reorder on a
// list's page. Without JavaScript both review orders show one after the other and the
// list's ↑/↓ buttons move films; this only makes the same things quicker.
(function () {
  "use strict";

  function setUpTabs(holder) {
    var tabs = Array.prototype.slice.call(holder.querySelectorAll("[role=tab]"));
    var list = holder.querySelector("[role=tablist]");
    if (!tabs.length || !list) {
      return;
    }
    function select(chosen) {
      tabs.forEach(function (tab) {
        var selected = tab === chosen;
        tab.setAttribute("aria-selected", String(selected));
        tab.tabIndex = selected ? 0 : -1;
        document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
      });
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () { select(tab); });
      tab.addEventListener("keydown", function (event) {
        var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
        if (step) {
          var next = tabs[(index + step + tabs.length) % tabs.length];
          select(next);
          next.focus();
        }
      });
    });
    list.hidden = false;
    holder.classList.add("tabs--ready");
    select(tabs[0]);
  }

  function csrfToken(root) {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function setUpReorder(list) {
    var url = list.getAttribute("data-reorder-url");
    var dragged = null;
    var before = "";

    function order() {
      return Array.prototype.map.call(list.querySelectorAll("[data-item-id]"), function (item) {
        return item.getAttribute("data-item-id");
      }).join(",");
    }

    function renumber() {
      var items = list.querySelectorAll("[data-item-id]");
      items.forEach(function (item, index) {
        var rank = item.querySelector(".film-list__rank");
        if (rank) {
          rank.textContent = String(index + 1);
        }
        var up = item.querySelector("button[value=up]");
        var down = item.querySelector("button[value=down]");
        if (up) { up.disabled = index === 0; }
        if (down) { down.disabled = index === items.length - 1; }
      });
    }

    function save() {
      var body = new URLSearchParams({ order: order() });
      list.setAttribute("aria-busy", "true");
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken(list) },
        body: body,
      }).then(function (response) {
        list.removeAttribute("aria-busy");
        if (!response.ok) {
          window.location.reload();  // the page was stale: show the saved order
        }
      });
    }

    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("[data-item-id]");
      if (!dragged) {
        return;
      }
      before = order();
      dragged.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-item-id"));
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      var over = event.target.closest("[data-item-id]");
      if (!over || over === dragged) {
        return;
      }
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) { event.preventDefault(); });
    list.addEventListener("dragend", function () {
      if (!dragged) {
        return;
      }
      dragged.classList.remove("is-dragging");
      dragged = null;
      renumber();
      if (order() !== before) {
        save();
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-tabs]").forEach(setUpTabs);
    document.querySelectorAll("[data-reorder-url]").forEach(setUpReorder);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
