// The edition's organiser tabs scroll sideways on a narrow screen: bring the current page's tab into view.
(function () {
  "use strict";
  document.querySelectorAll(".organiser-edition-nav .nav").forEach(function (tabs) {
    var active = tabs.querySelector(".nav-link.active");
    if (active && tabs.scrollWidth > tabs.clientWidth) {
      var offset = active.getBoundingClientRect().left - tabs.getBoundingClientRect().left;
      tabs.scrollLeft += offset - (tabs.clientWidth - active.offsetWidth) / 2;
    }
  });
})();
