// The room chair's timer: counts down to the start of the current slot, then the time left in it, then the
// time over. Reloads the page every 30 seconds so "who submitted" stays current (a GET changes nothing).
(function () {
  "use strict";
  var timer = document.querySelector(".finals-timer");
  if (!timer) { return; }
  var label = document.querySelector(".finals-timer-label");
  var starts = new Date(timer.dataset.starts).getTime();
  var ends = new Date(timer.dataset.ends).getTime();
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function format(ms) {
    var total = Math.floor(Math.abs(ms) / 1000);
    var hours = Math.floor(total / 3600);
    var text = two(Math.floor((total % 3600) / 60)) + ":" + two(total % 60);
    return hours ? hours + ":" + text : text;
  }
  function tick() {
    var now = Date.now();
    timer.classList.remove("text-danger");
    if (now < starts) {
      timer.textContent = format(starts - now);
      label.textContent = timer.dataset.labelBefore;
    } else if (now < ends) {
      timer.textContent = format(ends - now);
      label.textContent = timer.dataset.labelRunning;
    } else {
      timer.textContent = "+" + format(now - ends);
      label.textContent = timer.dataset.labelOver;
      timer.classList.add("text-danger");
    }
  }
  tick();
  window.setInterval(tick, 1000);
  window.setTimeout(function () { window.location.reload(); }, 30000);
}());
