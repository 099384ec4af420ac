/* Presenter screen for award night: steps through the categories from the keyboard or a clicker.
 * Each category: its title, then the finalists, then the awards one by one (lowest place first, the
 * winner last). The data comes from <script type="application/json" id="presenter-data">; text is set
 * with textContent only. Works offline: nothing is fetched. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("presenter-data").textContent);
  var stage = document.getElementById("stage");
  var position = document.getElementById("presenter-position");
  var labels = data.labels;
  var slides = [];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function bilingual(pair, className) {
    var wrap = el("div", className);
    wrap.appendChild(el("div", "lang-id", pair[0]));
    if (pair[1] && pair[1] !== pair[0]) { wrap.appendChild(el("div", "lang-en", pair[1])); }
    return wrap;
  }

  function categoryHeader(category, index, small) {
    var head = el("header", small ? "category-head small-head" : "category-head");
    head.appendChild(el("p", "kicker",
      labels.category[0] + " " + (index + 1) + " " + labels.of[0] + " " + data.categories.length +
      " · " + labels.category[1] + " " + (index + 1) + " " + labels.of[1] + " " + data.categories.length));
    head.appendChild(bilingual([category.name_id, category.name_en], "category-name"));
    return head;
  }

  function person(item, className) {
    var row = el("div", className);
    if (item.nominee) {
      row.appendChild(el("div", "who", item.nominee));
      row.appendChild(el("div", "company-small", item.company));
    } else {
      row.appendChild(el("div", "who", item.company));
    }
    return row;
  }

  slides.push(function () {
    var slide = el("div", "slide slide-title");
    slide.appendChild(bilingual(labels.welcome, "kicker-pair"));
    slide.appendChild(el("h1", "edition-name", data.edition));
    return slide;
  });

  data.categories.forEach(function (category, index) {
    slides.push(function () {
      var slide = el("div", "slide slide-category");
      slide.appendChild(categoryHeader(category, index, false));
      return slide;
    });
    slides.push(function () {
      var slide = el("div", "slide slide-finalists");
      slide.appendChild(categoryHeader(category, index, true));
      slide.appendChild(bilingual(labels.finalists, "section-label"));
      var list = el("div", category.finalists.length > 6 ? "finalists two-columns" : "finalists");
      category.finalists.forEach(function (finalist) { list.appendChild(person(finalist, "finalist")); });
      slide.appendChild(list);
      return slide;
    });
    category.awards.forEach(function (award, awardIndex) {
      slides.push(function () {
        var slide = el("div", "slide slide-awards");
        slide.appendChild(categoryHeader(category, index, true));
        slide.appendChild(bilingual(labels.winners, "section-label"));
        var list = el("div", category.awards.length > 3 ? "awards many" : "awards");
        category.awards.slice(0, awardIndex + 1).forEach(function (shown, shownIndex) {
          var isNew = shownIndex === awardIndex;
          var isTop = shownIndex === category.awards.length - 1;
          var row = el("div", "award-row kind-" + shown.kind + (isNew ? " is-new" : " is-earlier") + (isTop ? " is-top" : ""));
          row.appendChild(bilingual([shown.label_id, shown.label_en], "award-label"));
          row.appendChild(person(shown, "award-who"));
          list.insertBefore(row, list.firstChild);
        });
        slide.appendChild(list);
        return slide;
      });
    });
  });

  slides.push(function () {
    var slide = el("div", "slide slide-title");
    slide.appendChild(bilingual(labels.closing, "closing"));
    slide.appendChild(el("p", "kicker", data.edition));
    return slide;
  });

  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    stage.replaceChildren(slides[current]());
    position.textContent = (current + 1) + " / " + slides.length;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "#" + (current + 1));
    }
  }

  var NEXT = ["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar", "Enter"];
  var PREVIOUS = ["ArrowLeft", "ArrowUp", "PageUp", "Backspace"];

  function toggleFullscreen() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (NEXT.indexOf(event.key) !== -1) {
      show(current + 1);
    } else if (PREVIOUS.indexOf(event.key) !== -1) {
      show(current - 1);
    } else if (event.key === "Home") {
      show(0);
    } else if (event.key === "End") {
      show(slides.length - 1);
    } else if (event.key === "f" || event.key === "F") {
      toggleFullscreen();
    } else {
      return;
    }
    event.preventDefault();
  });

  stage.addEventListener("click", function () { show(current + 1); });
  document.getElementById("presenter-fullscreen").addEventListener("click", function (event) {
    event.currentTarget.blur();
    toggleFullscreen();
  });

  var start = parseInt((window.location.hash || "#1").slice(1), 10);
  show(isNaN(start) ? 0 : start - 1);
  stage.focus();
}());
