/* A tracking page follows its report on the live stream (DESIGN.md §4.6): when an event of the
   report arrives, the page is fetched again and its live parts ([data-live]: the status card, the
   photos, the reporter's actions, the timeline) are swapped in, so a citizen watching sees the
   agency take it, the crew finish it and the proof appear without reloading. The reporter's
   forms are left alone while they type in them. The stream answers only under ASGI (make run);
   elsewhere it is refused once and the page stays as it is. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!window.EventSource || !window.fetch || !window.DOMParser || !script) return;
  var note = document.getElementById("track-live");
  var typing = false;
  var busy = false, again = false;

  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("[data-live=actions]")) typing = true;
  });

  function swap(fresh) {
    var changed = false;
    document.querySelectorAll("[data-live]").forEach(function (part) {
      var name = part.getAttribute("data-live");
      var next = fresh.querySelector('[data-live="' + name + '"]');
      if (!next || next.innerHTML === part.innerHTML) return;
      if (name === "actions" && typing) return; // a half-written dispute or rating stays
      part.replaceWith(document.importNode(next, true));
      changed = true;
    });
    if (changed && note) {
      var time = new Intl.DateTimeFormat("id-ID", {  // the city's time, as every screen shows
        hour: "2-digit", minute: "2-digit", hour12: false,
        timeZone: script.getAttribute("data-timezone") || undefined
      }).format(new Date()).replace(".", ":");
      note.textContent = script.getAttribute("data-updated") + " (" + time + ")";
      note.hidden = false;
    }
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (html) swap(new DOMParser().parseFromString(html, "text/html"));
      })
      .catch(function () { /* offline for a moment: the next event tries again */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  var source = new EventSource(script.getAttribute("data-stream"));
  source.addEventListener("report", refresh);
  source.addEventListener("reset", refresh);
  // The stream follows from the moment it opens: a step taken between the page's rendering and
  // then would be missed, so the page is read once more when it opens (a kept page: one query).
  source.addEventListener("open", refresh);
})();
