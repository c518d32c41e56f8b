// Filters plan items and course cards in place; the page works fully without it.
(function () {
  "use strict";

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  // Shows a hidden filter form and runs `apply` whenever its selects change or it is
  // submitted or reset.
  function wire(form, selects, apply) {
    form.hidden = false;
    selects.forEach(function (s) {
      s.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      apply();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0);
    });
  }

// Plan pages: the filter form is rendered `hidden`; without JavaScript every goal and
// measure is listed. With it, the form shows and its selects filter the items at once.
(function () {
  var form = document.getElementById("plan-filter");
  if (!form) return;
  var items = all(document, "article.plan li.item");
  var selects = all(form, "select[data-filter]");
  var count = form.querySelector(".filter-count");
  var groups = all(document, "article.plan section.strategy, article.plan section.plan-goals, article.plan ul.items");

  function matches(item, key, value) {
    if (!value) return true;
    var have = item.getAttribute("data-" + key) || "";
    if (key === "responsible") return have.split("|").indexOf(value) !== -1;
    return have === value;
  }

  function apply() {
    var shown = 0;
    items.forEach(function (item) {
      var ok = selects.every(function (s) {
        return matches(item, s.getAttribute("data-filter"), s.value);
      });
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    // A strategy or list with no item left showing is hidden too.
    groups.forEach(function (g) {
      g.hidden = !g.querySelector("li.item:not([hidden])");
    });
    if (count) {
      var text = form.getAttribute("data-shown") + " " + shown + " " + form.getAttribute("data-of") + " " + items.length;
      if (shown === 0) text += ". " + form.getAttribute("data-none");
      count.textContent = text;
    }
  }

  wire(form, selects, apply);
})();

// ---- Course catalogue (course-list.html) ----------------------------------------------
// The form `[data-course-filter]` is rendered `hidden`; without JavaScript the filter links
// (static pages such as /kurs/tema/<slug>/) do the job. With it, the selects hide the course
// cards (`li[data-course]`) that do not match, at once. Each card carries space-separated
// values in data-tema, data-malgruppe, data-bydel ("all" = every district), data-format and
// data-maned.
(function () {
  var form = document.querySelector("form[data-course-filter]");
  if (!form) return;
  var cards = all(document, "li[data-course]");
  var selects = all(form, "select");
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

  wire(form, selects, apply);
  apply();
})();
})();
