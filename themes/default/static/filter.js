// Filters plan items and course cards in place; the page works fully without it.

// ---- Course catalogue (course-list.html) ----------------------------------------------
// The form `[data-course-filter]` is rendered `hidden`; without JavaScript the filter links
// (static pages such as /kurs/tema/<slug>/) do the job. With it, the selects hide the course
// cards (`li[data-course]`) that do not match, at once. Each card carries space-separated
// values in data-tema, data-malgruppe, data-bydel ("all" = every district), data-format and
// data-maned.
(function () {
  "use strict";
  var form = document.querySelector("form[data-course-filter]");
  if (!form) return;
  var cards = Array.prototype.slice.call(document.querySelectorAll("li[data-course]"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var count = form.querySelector("[data-filter-count]");
  var none = document.querySelector("[data-no-match]");

  function matches(card, key, value) {
    if (!value) return true;
    var have = (card.getAttribute("data-" + key) || "").split(" ");
    return have.indexOf(value) !== -1 || (key === "bydel" && have.indexOf("all") !== -1);
  }

  function apply() {
    var shown = 0;
    cards.forEach(function (card) {
      var ok = selects.every(function (s) {
        return matches(card, s.name, s.value);
      });
      card.hidden = !ok;
      if (ok) shown += 1;
    });
    if (count) {
      count.textContent = form.getAttribute("data-shown") + " " + shown + " " + form.getAttribute("data-of") + " " + cards.length;
    }
    if (none) none.hidden = shown !== 0;
  }

  form.hidden = false;
  selects.forEach(function (s) {
    s.addEventListener("change", apply);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    apply();
  });
  apply();
})();
