/* The report's point on a small map, with its kelurahan outlined and open reports nearby; the coordinates link works without it. */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  var cfgNode = document.getElementById("report-map-config");
  if (!el || !cfgNode || !window.L) return;
  var cfg = JSON.parse(cfgNode.textContent);
  el.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 }).setView([cfg.lat, cfg.lng], 17);
  if (cfg.tiles) {
    L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);
  }
  if (cfg.area) {
    var outline = L.geoJSON(cfg.area, { style: { weight: 2, fillOpacity: 0.05 } }).addTo(map);
    if (!cfg.tiles) map.fitBounds(outline.getBounds(), { maxZoom: 17 });
  }
  (cfg.nearby || []).forEach(function (n) {
    L.circleMarker([n.lat, n.lng], { radius: 6, weight: 2, color: "#fff", fillColor: n.colour, fillOpacity: 0.9 })
      .bindTooltip(n.code).addTo(map);
  });
  L.circleMarker([cfg.lat, cfg.lng], { radius: 9, weight: 3, color: "#fff", fillColor: "#c62828", fillOpacity: 1 }).addTo(map);
})();
