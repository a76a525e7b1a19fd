/* The report's point on a small map, with its kelurahan outlined and open reports nearby; the coordinates link works without it.
   With the "place" form on the page, a click on the map puts the report's point there (the form keeps it until saved). */
(function () {
  "use strict";
  var el = document.getElementById("report-map");
  var cfgNode = document.getElementById("report-map-config");
  if (!el || !cfgNode || !window.L) return;
  var cfg = JSON.parse(cfgNode.textContent);
  var placed = cfg.lat !== null && cfg.lng !== null;
  var form = document.getElementById("place-form");
  el.hidden = false;
  var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 })
    .setView(placed ? [cfg.lat, cfg.lng] : cfg.center, placed ? 17 : 13);
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
  var style = { radius: 9, weight: 3, color: "#fff", fillColor: "#c62828", fillOpacity: 1 };
  var marker = placed ? L.circleMarker([cfg.lat, cfg.lng], style).addTo(map) : null;
  if (!form) return;
  var lat = form.querySelector("input[name=lat]");
  var lng = form.querySelector("input[name=lng]");
  var status = document.getElementById("place-status");
  el.style.cursor = "crosshair";
  map.on("click", function (e) {
    lat.value = e.latlng.lat.toFixed(6);
    lng.value = e.latlng.lng.toFixed(6);
    if (marker) marker.setLatLng(e.latlng); else marker = L.circleMarker(e.latlng, style).addTo(map);
    if (status) status.textContent = status.dataset.set;
    var details = form.querySelector("details");
    if (details) details.open = true;
  });
})();
