/* The jobs on a map, loaded only when asked for: Leaflet stays off a slow connection until then. */
(function () {
  "use strict";
  var button = document.getElementById("show-map");
  var box = document.getElementById("jobs-map");
  if (!button || !box) return;
  var cfg = JSON.parse(document.getElementById("jobs-map-config").textContent);
  var points = JSON.parse(document.getElementById("jobs-points").textContent);
  var label = button.textContent, map = null;
  var colours = { red: "#d62828", yellow: "#f4a100", green: "#2a9d3f", grey: "#7a7a7a" };

  function load(done) {
    if (window.L) return done();
    var css = document.createElement("link");
    css.rel = "stylesheet"; css.href = cfg.css;
    document.head.appendChild(css);
    var js = document.createElement("script");
    js.src = cfg.js; js.onload = done;
    document.head.appendChild(js);
  }

  function draw() {
    map = L.map(box, { maxZoom: 19 });
    if (cfg.tiles) L.tileLayer(cfg.tiles, { maxZoom: 19 }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lng], {
        radius: p.overdue ? 11 : 8, weight: p.overdue ? 4 : 2, color: p.overdue ? "#000" : "#fff",
        fillColor: colours[p.colour] || "#555", fillOpacity: 0.95
      }).bindPopup('<a href="' + p.url + '">' + p.code + "</a>").addTo(map);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
    else map.setView([0, 0], 2);
  }

  button.addEventListener("click", function () {
    box.hidden = !box.hidden;
    button.textContent = box.hidden ? label : cfg.hide;
    if (!box.hidden) load(function () { if (!map) draw(); else map.invalidateSize(); });
  });
})();
