/* When proof photos are chosen, note the phone's clock and, if the phone allows, its location.
   The server uses them only for a photo without EXIF time or GPS of its own (reports/proof.py). */
(function () {
  "use strict";
  var input = document.querySelector("input[name=proof]");
  var field = document.querySelector("input[name=capture]");
  if (!input || !field) return;
  var place = null;
  if (navigator.geolocation) {
    navigator.geolocation.watchPosition(function (p) {
      place = { lat: p.coords.latitude, lng: p.coords.longitude };
    }, function () {}, { enableHighAccuracy: true, maximumAge: 60000, timeout: 20000 });
  }
  input.addEventListener("change", function () {
    var now = new Date().toISOString();
    var items = [];
    for (var i = 0; i < input.files.length; i++) {
      items.push({ time: now, lat: place ? place.lat : null, lng: place ? place.lng : null });
    }
    field.value = JSON.stringify(items);
  });
})();
