/* The dashboard's heat map: each kelurahan of /peta/wilayah.json shaded by the reports received in
   the dashboard's range (sent by the page in #kpi-heat-config); the table below says the same. */
(function () {
  "use strict";
  var el = document.getElementById("kpi-heat");
  var cfgNode = document.getElementById("kpi-heat-config");
  if (!el || !cfgNode || !window.L) return;
  var cfg = JSON.parse(cfgNode.textContent);
  var map = L.map(el, { maxZoom: 18, zoomSnap: 0.5, scrollWheelZoom: false })
    .setView([cfg.lat, cfg.lng], cfg.zoom);
  if (cfg.tiles) L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 18 }).addTo(map);
  var biggest = Math.max(1, cfg.max);
  fetch(cfg.areas).then(function (r) { return r.json(); }).then(function (gj) {
    var counted = [];
    var layer = L.geoJSON(gj, {
      style: function (f) {
        var n = cfg.counts[f.id] || 0;
        return { color: "#0b3d66", weight: 1, fillColor: "#c0392b", fillOpacity: n ? 0.12 + 0.7 * n / biggest : 0.02 };
      },
      onEachFeature: function (f, shape) {
        var n = cfg.counts[f.id] || 0;
        if (f.id in cfg.counts) counted.push(shape);
        shape.bindTooltip(f.properties.name + " (" + f.properties.kecamatan + "): " + n + " " + cfg.label);
      }
    }).addTo(map);
    var bounds = counted.length ? L.featureGroup(counted).getBounds() : layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds);
  }).catch(function () {});
})();
