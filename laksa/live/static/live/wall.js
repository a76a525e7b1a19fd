/* The LIVE Room wall. Draws the state once (state.json), then follows the live stream from the
   event id that state was read at, so nothing committed in between is missed. Counters and the
   agency table are re-read (summary.json) a moment after events arrive, and every minute. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("wall-config").textContent);
  var HEX = { red: "#d62828", yellow: "#f4a100", green: "#2a9d3f", grey: "#7a7a7a" };
  var NEWEST = 6;  // as many as fit the column
  var AGENCY_ROWS = 14;  // as many as fit under the counters
  var map = L.map("wall-map", {
    zoomControl: false, dragging: false, scrollWheelZoom: false, doubleClickZoom: false,
    boxZoom: false, keyboard: false, touchZoom: false, attributionControl: !!cfg.tiles,
    zoomSnap: 0.25
  }).setView(cfg.center, 12);
  if (cfg.tiles) L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);
  // The map has its own column: a margin around the city, and room for the legend below it.
  var FIT = { paddingTopLeft: [24, 24], paddingBottomRight: [24, 64] };

  fetch(cfg.areas).then(function (r) { return r.json(); }).then(function (gj) {
    var areas = L.geoJSON(gj, {
      interactive: false,
      style: { color: "#4d7cc2", weight: 1.2, fillColor: "#1b2a45", fillOpacity: 0.55 }
    }).addTo(map);
    areas.bringToBack();
    if (areas.getLayers().length) map.fitBounds(areas.getBounds(), FIT);
  }).catch(function () {});

  var points = {};   // code -> circle marker
  var pulses = {};   // code -> pulse marker
  var lastId = 0;

  function draw(code, lat, lng, colour) {
    var marker = points[code];
    if (colour !== "red" && pulses[code]) { map.removeLayer(pulses[code]); delete pulses[code]; }
    if (colour === "grey") {  // closed without work: off the wall
      if (marker) { map.removeLayer(marker); delete points[code]; }
      return;
    }
    if (lat === null || lng === null) return;  // not placed yet: on the list, not on the map
    var style = { radius: 7, color: "#0b1220", weight: 1.5, fillColor: HEX[colour], fillOpacity: 0.95 };
    if (marker) { marker.setStyle(style); marker.setLatLng([lat, lng]); return; }
    points[code] = L.circleMarker([lat, lng], style).addTo(map);
  }

  function pulse(code, lat, lng) {
    if (pulses[code] || lat === null || lng === null) return;
    var icon = L.divIcon({ className: "", html: el("div", "wall-pulse"), iconSize: [18, 18] });
    pulses[code] = L.marker([lat, lng], { icon: icon, interactive: false, keyboard: false }).addTo(map);
    setTimeout(function () {
      if (pulses[code]) { map.removeLayer(pulses[code]); delete pulses[code]; }
    }, 60000);
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function shot(src, cls, caption) {
    var figure = el("figure", cls);
    var img = el("img");
    img.src = src;
    img.alt = "";
    figure.appendChild(img);
    if (caption) figure.appendChild(el("figcaption", "", caption));
    return figure;
  }

  // A finished report shows the proof beside the citizen's photo: the wall shows the fix.
  function feedItem(r, arrived) {
    var li = el("li", (arrived ? "arrived" : "") + (r.after ? " after" : ""));
    li.dataset.code = r.code;
    li.dataset.time = r.time;
    li.style.borderLeftColor = HEX[r.colour];
    var photos = el("div", "photos");
    if (r.photo) photos.appendChild(shot(r.photo, "before", r.after ? cfg.labels.before : ""));
    else photos.appendChild(el("div", "nophoto"));
    if (r.after) photos.appendChild(shot(r.after, "after", cfg.labels.after));
    li.appendChild(photos);
    var body = el("div");
    var head = el("div", "code");
    head.appendChild(el("span", "number", r.code));
    head.appendChild(el("span", "badge " + r.colour, r.status_label));
    body.appendChild(head);
    body.appendChild(el("div", "what", r.category_name));
    body.appendChild(el("div", "where", [r.kelurahan, r.time].filter(Boolean).join(" · ")));
    li.appendChild(body);
    return li;
  }

  var list = document.getElementById("wall-newest");
  function showNewest(rows) {
    list.replaceChildren.apply(list, rows.slice(0, NEWEST).map(function (r) { return feedItem(r, false); }));
  }
  function prepend(r) {
    var old = list.querySelector('li[data-code="' + r.code + '"]');
    if (old) old.remove();
    list.insertBefore(feedItem(r, true), list.firstChild);
    while (list.children.length > NEWEST) list.lastChild.remove();
  }
  // A listed report changed (taken, done): redrawn in place, keeping the time it was reported.
  function update(e) {
    var old = list.querySelector('li[data-code="' + e.code + '"]');
    if (!old) return;
    var item = feedItem(Object.assign({}, e, { time: old.dataset.time }), false);
    item.className = (item.className + " " + (old.classList.contains("current") ? "current" : "")).trim();
    list.replaceChild(item, old);
  }

  function showSummary(s) {
    Object.keys(s.counters).forEach(function (k) {
      var node = document.getElementById("c-" + k);
      if (node) node.textContent = s.counters[k];
    });
    var rows = s.agencies.slice(0, AGENCY_ROWS).map(function (a) {
      var tr = el("tr");
      tr.appendChild(el("td", "", a.agency));
      tr.appendChild(el("td", "", a.open));
      tr.appendChild(el("td", a.overdue ? "late" : "", a.overdue));
      tr.appendChild(el("td", "", a.median_response === null ? cfg.labels.none
        : a.median_response + " " + cfg.labels.minutes));
      return tr;
    });
    var body = document.getElementById("wall-agency-rows");
    body.replaceChildren.apply(body, rows);
    if (s.newest) showNewest(s.newest);
  }

  // Refused (a kiosk screen switched off, a session ended): reload, so the server shows its
  // "not allowed" page instead of the city's last state staying on the screen for good.
  function checked(r) {
    if (r.status === 403) { window.location.reload(); }
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }

  var summaryTimer = null;
  function refreshSoon(delay) {
    clearTimeout(summaryTimer);
    summaryTimer = setTimeout(function () {
      fetch(cfg.summary, { cache: "no-store" }).then(checked)
        .then(showSummary).catch(function () {});
    }, delay);
  }
  setInterval(function () { refreshSoon(0); }, 60000);

  // --- the stream ---
  var offline = document.getElementById("wall-offline");
  var downSince = null;
  var source = null;

  function onReport(message) {
    var e = JSON.parse(message.data);
    lastId = Math.max(lastId, e.id);
    draw(e.code, e.lat, e.lng, e.colour);
    if (e.kind === "created") {
      pulse(e.code, e.lat, e.lng);
      prepend(e);
    } else if (e.colour !== "grey") {
      update(e);
    }
    refreshSoon(1500);
  }

  function connect() {
    var url = cfg.stream + (cfg.stream.indexOf("?") < 0 ? "?" : "&") + "last_event_id=" + lastId;
    source = new EventSource(url);
    source.addEventListener("report", onReport);
    // The server does not know our last id (its database was restored): start from its state.
    source.addEventListener("reset", function () { window.location.reload(); });
    source.onopen = function () { downSince = null; offline.hidden = true; };
    source.onerror = function () {
      if (downSince === null) downSince = Date.now();
      if (source.readyState === EventSource.CLOSED) {  // refused, not just dropped: start again
        refreshSoon(0);
        setTimeout(connect, 5000);
      }
    };
  }
  setInterval(function () {  // a short blip is not worth a warning; a real outage is
    offline.hidden = !(downSince !== null && Date.now() - downSince > 3000);
  }, 1000);

  function start() {
    fetch(cfg.state, { cache: "no-store" }).then(checked).then(function (s) {
      lastId = s.head;
      s.points.forEach(function (p) { draw(p.code, p.lat, p.lng, p.colour); });
      showSummary(s);
      connect();
    }).catch(function () {
      downSince = downSince || Date.now();
      setTimeout(start, 5000);
    });
  }
  start();

  // --- the clock, in the city's time zone ---
  var timeFmt = new Intl.DateTimeFormat(cfg.language, { timeZone: cfg.timezone, hour: "2-digit", minute: "2-digit", hour12: false });
  var dateFmt = new Intl.DateTimeFormat(cfg.language, { timeZone: cfg.timezone, weekday: "long", day: "numeric", month: "long" });
  function tick() {
    var now = new Date();
    document.getElementById("wall-time").textContent = timeFmt.format(now).replace(".", ":");
    document.getElementById("wall-date").textContent = dateFmt.format(now);
  }
  tick();
  setInterval(tick, 1000);

  // --- the feed rotates, so each of the newest reports is looked at in turn ---
  var turn = 0;
  setInterval(function () {
    var items = list.children;
    if (!items.length) return;
    Array.prototype.forEach.call(items, function (li) { li.classList.remove("current"); });
    turn = (turn + 1) % items.length;
    items[turn].classList.add("current");
  }, 6000);
})();
