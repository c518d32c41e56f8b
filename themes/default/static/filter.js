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
// (static pages such as /kurs/tema/<slug>/) do the job. The catalogue is split into pages,
// so the script filters the whole catalogue: it loads `data-source` (kurs.json: every
// course, upcoming ones first, with its filter values and the labels to show it) and shows
// the matching courses in place of the page's own list. Every value is put in as text.
// Each course carries space-separated values in data.tema, data.malgruppe, data.bydel
// ("all" = every district), data.format and data.maned.
(function () {
  var form = document.querySelector("form[data-course-filter]");
  if (!form) return;
  var selects = all(form, "select");
  var count = form.querySelector("[data-filter-count]");
  var none = document.querySelector("[data-no-match]");
  var own = document.querySelector("[data-catalogue-page]");
  var results = document.querySelector("[data-filter-results]");
  var lists = {
    upcoming: results.querySelector('[data-results="upcoming"]'),
    past: results.querySelector('[data-results="past"]'),
  };
  var initial = state();
  var loading = null;

  function state() {
    return selects.map(function (s) { return s.value; }).join("\n");
  }

  function matches(values, key, value) {
    if (!value) return true;
    var have = (values[key] || "").split(" ");
    return have.indexOf(value) !== -1 || (key === "bydel" && have.indexOf("all") !== -1);
  }

  function say(shown) {
    if (count) count.textContent = form.getAttribute("data-shown") + " " + shown + " " + form.getAttribute("data-of") + " " + form.getAttribute("data-total");
    if (none) none.hidden = shown !== 0;
  }

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-source")).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      });
    }
    return loading;
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function time(iso, text) {
    var t = el("time", null, text);
    t.setAttribute("datetime", iso);
    return t;
  }

  function link(href, text) {
    var a = el("a", null, text);
    if (!/^\s*(javascript|data|vbscript):/i.test(href)) a.setAttribute("href", href);
    return a;
  }

  // One course card, as course-macros.html renders it.
  function card(c, labels) {
    var li = el("li", "card card-course" + (c.past ? " is-past" : ""));
    li.setAttribute("data-course", "");
    Object.keys(c.data).forEach(function (k) { li.setAttribute("data-" + k, c.data[k]); });
    var h = el("h3", "card-title");
    h.appendChild(link(c.url, c.title));
    li.appendChild(h);
    if (c.when) li.appendChild(el("p", "card-when")).appendChild(time(c.when_iso, c.when));
    if (c.status) li.appendChild(el("p", "status status-" + c.status, labels["status_" + c.status]));
    if (c.deadline && !c.past) {
      var d = li.appendChild(el("p", "card-deadline" + (c.deadline_passed ? " deadline-passed" : "")));
      d.appendChild(document.createTextNode(labels.registration_deadline + ": "));
      d.appendChild(time(c.deadline.iso, c.deadline.text));
      if (c.deadline_passed) {
        d.appendChild(document.createTextNode(" "));
        d.appendChild(el("span", "badge", "(" + labels.deadline_passed + ")"));
      }
    }
    if (c.format) li.appendChild(el("p", "card-format", labels["format_" + c.format]));
    if (c.summary) li.appendChild(el("p", "card-summary", c.summary));
    if (c.past && c.materials.length) {
      var m = li.appendChild(el("p", "card-materials"));
      m.appendChild(el("span", "label", labels.materials + ":"));
      c.materials.forEach(function (mat, i) {
        m.appendChild(document.createTextNode(i ? ", " : " "));
        m.appendChild(link(mat.href, mat.title));
      });
    }
    return li;
  }

  function show(data, wanted) {
    if (state() !== wanted) return; // the reader has moved on
    lists.upcoming.textContent = "";
    lists.past.textContent = "";
    var shown = 0;
    data.courses.forEach(function (c, i) {
      var ok = selects.every(function (s) { return matches(c.data, s.name, s.value); });
      if (!ok) return;
      shown += 1;
      (i < data.upcoming ? lists.upcoming : lists.past).appendChild(card(c, data.labels));
    });
    lists.upcoming.parentNode.hidden = !lists.upcoming.firstChild;
    lists.past.parentNode.hidden = !lists.past.firstChild;
    own.hidden = true;
    results.hidden = false;
    say(shown);
  }

  function apply() {
    var wanted = state();
    if (wanted === initial) {
      own.hidden = false;
      results.hidden = true;
      say(Number(form.getAttribute("data-initial")));
      return;
    }
    load().then(function (data) { show(data, wanted); }, function () {
      if (count) count.textContent = form.getAttribute("data-error");
    });
  }

  wire(form, selects, apply);
  apply();
})();
})();
