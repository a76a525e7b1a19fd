// The project's point on a small map (its data in #project-map-config). Without a tile server
// configured (LAKSA_TILE_URL) the map shows the point alone, as the other maps do.
(function () {
  var box = document.getElementById("project-map");
  var config = document.getElementById("project-map-config");
  if (!box || !config || !window.L) return;
  var c = JSON.parse(config.textContent);
  var map = L.map(box).setView([c.lat, c.lng], c.zoom);
  if (c.tiles) L.tileLayer(c.tiles, { attribution: c.attribution, maxZoom: 19 }).addTo(map);
  var colours = { red: "#c62828", yellow: "#f4a100", green: "#2e7d32", grey: "#7a8691" };
  (c.reports || []).forEach(function (r) {
    L.circleMarker([r.lat, r.lng], {
      radius: 6, weight: 1, color: "#fff", fillOpacity: 0.9, fillColor: colours[r.colour] || "#7a8691"
    }).bindTooltip(r.code).addTo(map);
  });
  L.circleMarker([c.lat, c.lng], { radius: 11, weight: 4, color: "#0b3d66", fillOpacity: 0.2 })
    .bindTooltip(c.name, { permanent: true, direction: "top" }).addTo(map);
})();
