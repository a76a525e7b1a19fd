/* Photos are made small on the phone before they are sent (a citizen's report, data-shrink) or
   queued (SIGAP's actions, data-queue): a 12-megapixel photo (4-6 MB) becomes a few hundred KB
   at the 1,600 px the server keeps anyway (lib/images.py), so a report or a job goes through
   over a weak 3G signal and the queue takes little of a cheap phone's storage.
   The photo's EXIF (capture time, GPS) is copied into the small JPEG, because the proof checks
   read it (reports/proof.py); the canvas has already turned the pixels upright, so its
   orientation tag is set to 1. What cannot be made smaller here (HEIC, an old browser) is sent
   as it is: the server takes it the same way. */
(function () {
  "use strict";
  var SIDE = 1600, QUALITY = 0.85, SMALL_ENOUGH = 600 * 1024, HEAD = 128 * 1024;

  /* The APP1 "Exif" segment of a JPEG (marker, length and body), or null. */
  function exifSegment(bytes) {
    if (bytes[0] !== 0xFF || bytes[1] !== 0xD8) return null;
    var at = 2;
    while (at + 10 <= bytes.length && bytes[at] === 0xFF) {
      var marker = bytes[at + 1], length = (bytes[at + 2] << 8) | bytes[at + 3];
      if (marker === 0xDA) return null; // the picture data starts: no EXIF before it
      if (marker === 0xE1 && String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]) === "Exif") {
        return at + 2 + length <= bytes.length ? bytes.slice(at, at + 2 + length) : null;
      }
      at += 2 + length;
    }
    return null;
  }

  /* Orientation (tag 0x0112 of the first IFD) set to 1: "as stored". */
  function markUpright(segment) {
    var view = new DataView(segment.buffer), tiff = 10;
    var little = view.getUint16(tiff) === 0x4949;
    var ifd = tiff + view.getUint32(tiff + 4, little);
    if (ifd + 2 > segment.length) return;
    for (var i = 0, n = view.getUint16(ifd, little); i < n; i++) {
      var entry = ifd + 2 + i * 12;
      if (entry + 12 > segment.length) return;
      if (view.getUint16(entry, little) === 0x0112) { view.setUint16(entry + 8, 1, little); return; }
    }
  }

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type) || !window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, SIDE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.size <= SMALL_ENOUGH) { bitmap.close(); return file; }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var context = canvas.getContext("2d");
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return Promise.all([
        new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", QUALITY); }),
        file.slice(0, HEAD).arrayBuffer()
      ]).then(function (made) {
        var small = made[0];
        if (!small || small.size >= file.size) return file;
        var exif = exifSegment(new Uint8Array(made[1]));
        var parts = [small];
        if (exif) { markUpright(exif); parts = [small.slice(0, 2), exif, small.slice(2)]; }
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        return new File(parts, name, { type: "image/jpeg", lastModified: file.lastModified });
      });
    }).catch(function () { return file; });
  }

  document.addEventListener("change", function (event) {
    var input = event.target, form = input.form;
    if (input.type !== "file" || !form || !input.files.length) return;
    if (!form.hasAttribute("data-queue") && !form.hasAttribute("data-shrink")) return;
    if (!window.DataTransfer) return;
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    form.setAttribute("data-shrinking", "");
    Promise.all(Array.prototype.map.call(input.files, shrink)).then(function (files) {
      var list = new DataTransfer();
      files.forEach(function (f) { list.items.add(f); });
      input.files = list.files; // no change event: the phone's capture notes (capture.js) stand
    }).catch(function () {}).then(function () {
      form.removeAttribute("data-shrinking");
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
    });
  });
})();
