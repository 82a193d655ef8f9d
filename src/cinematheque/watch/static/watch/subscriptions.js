// /watch/services/: find a service by name, and count the ticked ones. Without
// script the list is complete and the form saves the same way.
(function () {
  "use strict";

  function setUp(form) {
    var search = form.querySelector("[data-services-search]");
    var input = form.querySelector("[data-services-search-input]");
    var list = form.querySelector("[data-services-list]");
    var none = form.querySelector("[data-services-none]");
    var count = form.querySelector("[data-services-count]");

    function countTicked() {
      var ticked = form.querySelectorAll("input[name=provider]:checked").length;
      count.textContent = ticked === 1 ? "1 service ticked" : ticked + " services ticked";
    }

    if (search && input && list) {
      search.hidden = false;
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault(); // finding a service is not saving the form
        }
      });
      input.addEventListener("input", function () {
        var wanted = input.value.trim().toLowerCase();
        var shown = 0;
        list.querySelectorAll("[data-service-name]").forEach(function (item) {
          var match = !wanted || item.getAttribute("data-service-name").indexOf(wanted) !== -1;
          item.hidden = !match;
          shown += match ? 1 : 0;
        });
        if (none) {
          none.hidden = shown > 0;
        }
      });
    }
    form.addEventListener("change", countTicked);
    countTicked();
  }

  function load() {
    document.querySelectorAll("[data-services-form]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
