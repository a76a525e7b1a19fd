/* When proof photos are chosen, note the phone's clock and, if the phone allows, its location.
   The server uses them only for a photo without EXIF time or GPS of its own (reports/proof.py). */
(function () {
  "use strict";
  var input = document.querySelector("input[name=proof]");
  var field = document.querySelector("input[name=capture]");
  if (!input || !field) return;
  var place = null;
  var items = [];
  function write() {
    // A photo chosen before the phone's first fix gets the place when the fix comes.
    items.forEach(function (item) {
      if (item.lat === null && place) { item.lat = place.lat; item.lng = place.lng; }
    });
    field.value = JSON.stringify(items);
  }
  if (navigator.geolocation) {
    navigator.geolocation.watchPosition(function (p) {
      place = { lat: p.coords.latitude, lng: p.coords.longitude };
      if (items.length) write();
    }, function () {}, { enableHighAccuracy: true, maximumAge: 60000, timeout: 20000 });
  }
  input.addEventListener("change", function () {
    var now = new Date().toISOString();
    items = [];
    for (var i = 0; i < input.files.length; i++) items.push({ time: now, lat: null, lng: null });
    write();
  });
})();
