/* The live queue: on any event from /live/stream, wait 500 ms for more, then re-fetch the list with
   the current filters. A new emergency rings a short beep. Without the stream the page still works;
   it just needs a reload. */
(function () {
  "use strict";
  var status = document.getElementById("live-status");
  var timer = null;
  var audio = null;
  var seen = emergencies();

  function emergencies() {
    var codes = {};
    document.querySelectorAll("#queue-list tr[data-emergency]").forEach(function (row) {
      codes[row.dataset.code] = true;
    });
    return codes;
  }

  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "square";
      osc.frequency.value = 880;
      gain.gain.setValueAtTime(0.15, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + 0.6);
    } catch (e) { /* no sound available: the red row still shows */ }
  }

  // Browsers allow sound only after the user touched the page once.
  document.addEventListener("click", function () {
    if (!audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
  }, { once: true });

  function refresh() {
    var list = document.getElementById("queue-list");
    if (!list || !window.htmx) return;
    htmx.ajax("GET", list.dataset.url, { target: "#queue-list", swap: "outerHTML" });
  }

  document.body.addEventListener("htmx:afterSwap", function () {
    var now = emergencies();
    var fresh = Object.keys(now).some(function (code) { return !seen[code]; });
    seen = now;
    if (fresh) beep();
  });

  function show(on) {
    if (!status) return;
    status.hidden = false;
    status.textContent = on ? status.dataset.on : status.dataset.off;
    status.classList.toggle("down", !on);
  }

  if (!window.EventSource) return;
  var source = new EventSource("/live/stream");
  source.addEventListener("open", function () { show(true); });
  source.addEventListener("error", function () { show(source.readyState === EventSource.OPEN); });
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  }
  source.addEventListener("report", schedule);
  source.addEventListener("reset", schedule);
  source.onmessage = schedule;
})();
