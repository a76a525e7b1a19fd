/* The public map: kelurahan boundaries, then reports from /peta/data.json for the visible area,
   as server clusters when many and as clustered coloured points when few. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  var cfgNode = document.getElementById("map-config");
  if (!el || !cfgNode || !window.L) return;
  var cfg = JSON.parse(cfgNode.textContent);
  var HEX = cfg.hex;  // statuses.HEX: the legend's colours, sent by the page
  var COLOURS = Object.keys(HEX);
  var map = L.map(el, { maxZoom: 19, zoomSnap: 0.5 }).setView([cfg.lat, cfg.lng], cfg.zoom);
  if (cfg.tiles) L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);

  fetch(cfg.areas).then(function (r) { return r.json(); }).then(function (gj) {
    var areas = L.geoJSON(gj, {
      interactive: false,
      style: { color: "#0b5cad", weight: 1, fillColor: "#0b5cad", fillOpacity: 0.05 }
    }).addTo(map);
    // Show the whole city first, whatever the screen size.
    if (areas.getLayers().length) map.fitBounds(areas.getBounds());
  }).catch(function () {});

  var layer = L.layerGroup().addTo(map);
  var countEl = document.getElementById("map-count");
  var filters = new URLSearchParams(window.location.search);
  var pending = null;

  function text(tag, value, cls) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (cls) node.className = cls;
    return node;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.className = "map-popup";
    if (p.thumb) {
      var img = document.createElement("img");
      img.src = p.thumb; img.alt = ""; img.width = 120; img.height = 90;
      box.appendChild(img);
    }
    var link = text("a", p.code);
    link.href = p.url;
    box.appendChild(link);
    box.appendChild(text("span", p.status, "badge " + p.colour));
    box.appendChild(text("div", p.category));
    box.appendChild(text("div", p.created, "muted"));
    return box;
  }

  function pieIcon(c) {
    return clusterIcon(c);
  }

  // Client-side clusters of points use the same colour pie as the server's clusters.
  function childPie(cluster) {
    var c = { count: 0 };
    COLOURS.forEach(function (k) { c[k] = 0; });
    cluster.getAllChildMarkers().forEach(function (m) {
      c[m.options.colour] += 1;
      c.count += 1;
    });
    return pieIcon(c);
  }

  function clusterIcon(c) {
    var at = 0, stops = [];
    COLOURS.forEach(function (k) {
      if (!c[k]) return;
      var end = at + 100 * c[k] / c.count;
      stops.push(HEX[k] + " " + at + "% " + end + "%");
      at = end;
    });
    var size = c.count >= 1000 ? 46 : c.count >= 100 ? 38 : 30;
    // Built as elements, styled through the DOM: the page's Content-Security-Policy refuses
    // style attributes in HTML text.
    var pie = document.createElement("div");
    pie.className = "server-cluster";
    pie.style.width = pie.style.height = size + "px";
    pie.style.background = "conic-gradient(" + stops.join(",") + ")";
    pie.appendChild(text("span", String(c.count)));
    return L.divIcon({ html: pie, className: "", iconSize: [size, size] });
  }

  function draw(data) {
    layer.clearLayers();
    if (countEl) countEl.textContent = "(" + data.total + ")";
    if (data.kind === "clusters") {
      data.clusters.forEach(function (c) {
        var m = L.marker([c.lat, c.lng], { icon: clusterIcon(c), title: String(c.count) });
        m.on("click", function () { map.setView([c.lat, c.lng], Math.min(map.getZoom() + 2, 18)); });
        layer.addLayer(m);
      });
      return;
    }
    var group = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 40, iconCreateFunction: childPie }) : L.layerGroup();
    data.points.forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lng], {
        radius: 8, color: "#fff", weight: 2, fillColor: HEX[p.colour], fillOpacity: 0.95,
        colour: p.colour
      });
      m.bindPopup(popup(p));
      group.addLayer(m);
    });
    layer.addLayer(group);
  }

  function load() {
    var b = map.getBounds();
    var params = new URLSearchParams(filters);
    params.set("bbox", [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (x) {
      return x.toFixed(5);
    }).join(","));
    params.set("zoom", Math.round(map.getZoom()));
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(el.dataset.endpoint + "?" + params.toString(), { signal: pending.signal })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) draw(data); })
      .catch(function (e) { if (e.name !== "AbortError") console.error(e); });
  }

  var timer = null;
  map.on("moveend", function () { clearTimeout(timer); timer = setTimeout(load, 150); });
  load();
})();
