/* SIGAP's service worker. Pages of the app: network first, the last copy when there is no
   signal, the offline page for one never opened. Static files: from the cache. Actions (POST)
   are not touched here: sigap.js queues them in IndexedDB and sends them in order. */
"use strict";
var CACHE = "{{ cache_name }}";
var SHELL = {{ shell|safe }};
var OFFLINE = SHELL[0];
var SCOPE = new URL(self.registration.scope).pathname;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

/* A copy of the answer into the cache, the worker kept alive until it is written: a worker
   stopped before then (the phone's browser stops idle ones) would leave the older copy, or none,
   for the next time there is no signal. */
function keep(event, request, response) {
  var copy = response.clone();
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.indexOf(SCOPE) === 0) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok && !response.redirected) keep(event, request, response);
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || caches.match(OFFLINE); });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/foto/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) keep(event, request, response);
        return response;
      });
    }));
  }
});
