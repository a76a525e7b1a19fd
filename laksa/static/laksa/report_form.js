/* The report form: a pin on the kelurahan map fills lat/lng, "use my location", category search,
   photo previews. Everything here is an aid; the form works without it (kelurahan fallback). */
(function () {
  "use strict";
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });

  var lat = document.getElementById("id_lat");
  var lng = document.getElementById("id_lng");
  var status = document.getElementById("point-status");
  var el = document.getElementById("map");
  var cfgNode = document.getElementById("map-config");
  var marker = null;
  var map = null;

  function announce() {
    document.body.dispatchEvent(new CustomEvent("laksa:point"));
  }

  function setPoint(latlng) {
    if (!map) return;
    if (!marker) {
      marker = L.marker(latlng, { draggable: true, keyboard: true }).addTo(map);
      marker.on("dragend", function () { setPoint(marker.getLatLng()); });
    } else {
      marker.setLatLng(latlng);
    }
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    if (status) status.textContent = status.dataset.set || "";
    announce();
  }

  if (el && cfgNode && window.L) {
    var cfg = JSON.parse(cfgNode.textContent);
    map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 }).setView([cfg.lat, cfg.lng], cfg.zoom);
    if (cfg.tiles) {
      L.tileLayer(cfg.tiles, { attribution: cfg.attribution, maxZoom: 19 }).addTo(map);
    }
    fetch(cfg.areas).then(function (r) { return r.json(); }).then(function (gj) {
      var layer = L.geoJSON(gj, {
        style: { color: "#0b5cad", weight: 1, fillColor: "#0b5cad", fillOpacity: 0.06 },
        onEachFeature: function (f, l) {
          l.bindTooltip(f.properties.name + " · " + f.properties.kecamatan, { sticky: true });
          l.on("click", function (e) { setPoint(e.latlng); });
        }
      }).addTo(map);
      if (!marker && layer.getLayers().length) map.fitBounds(layer.getBounds());
    }).catch(function () { /* the map still takes a pin without boundaries */ });
    map.on("click", function (e) { setPoint(e.latlng); });
    if (lat.value && lng.value && !isNaN(+lat.value) && !isNaN(+lng.value)) {
      setPoint(L.latLng(+lat.value, +lng.value));
      map.setView(marker.getLatLng(), 17);
    }
  }

  var locate = document.getElementById("locate-me");
  if (locate) {
    if (!navigator.geolocation) {
      locate.hidden = true;
    } else {
      locate.addEventListener("click", function () {
        locate.disabled = true;
        navigator.geolocation.getCurrentPosition(function (pos) {
          locate.disabled = false;
          var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
          setPoint(ll);
          map.setView(ll, 17);
        }, function () {
          locate.disabled = false;
          if (status) status.textContent = locate.dataset.failed || "";
        }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
      });
    }
  }

  // Filter the category options as the citizen types (name or group).
  var search = document.getElementById("category-search");
  var select = document.getElementById("id_category");
  if (search && select) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      select.querySelectorAll("optgroup").forEach(function (group) {
        var groupHit = group.label.toLowerCase().indexOf(q) >= 0;
        var any = false;
        group.querySelectorAll("option").forEach(function (opt) {
          var hit = !q || groupHit || opt.textContent.toLowerCase().indexOf(q) >= 0;
          opt.hidden = !hit;
          opt.disabled = !hit && !opt.selected;
          any = any || hit;
        });
        group.hidden = !any;
      });
    });
  }

  // The browser checks required answers before sending, in its own language: the page's
  // message instead (data-required-message / data-invalid-message, set by public/forms.py).
  // Questions arrive later by htmx, hence one listener on the form ("invalid" does not bubble).
  var form = document.getElementById("report-form");
  if (form) {
    form.addEventListener("invalid", function (e) {
      var input = e.target, v = input.validity, message = "";
      input.setCustomValidity("");
      if (v.valueMissing) message = input.dataset.requiredMessage;
      else if (v.typeMismatch || v.badInput) message = input.dataset.invalidMessage;
      if (message) input.setCustomValidity(message);
    }, true);
    var forget = function (e) {
      // A radio group is answered by any of its buttons: clear them all.
      if (!e.target.name) return;
      form.querySelectorAll('[name="' + CSS.escape(e.target.name) + '"]').forEach(function (el) {
        if (el.setCustomValidity) el.setCustomValidity("");
      });
    };
    form.addEventListener("input", forget);
    form.addEventListener("change", forget);
    // A click on "send" (Enter in a field clicks it too) comes before the browser's check: start
    // that check afresh, so an answer given without an input event cannot stay refused.
    form.addEventListener("click", function (e) {
      if (!e.target.closest("button[type=submit]")) return;
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.setCustomValidity) el.setCustomValidity("");
      });
    });
  }

  // Show the chosen photos before sending.
  var photos = document.getElementById("id_photos");
  var preview = document.getElementById("photo-preview");
  if (photos && preview && window.URL) {
    photos.addEventListener("change", function () {
      preview.textContent = "";
      Array.prototype.slice.call(photos.files, 0, 5).forEach(function (file) {
        var img = document.createElement("img");
        img.alt = "";
        img.src = URL.createObjectURL(file);
        preview.appendChild(img);
      });
    });
  }
})();
