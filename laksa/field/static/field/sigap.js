/* SIGAP's offline queue. Every action form (data-queue) goes through it: the action is stored in
   IndexedDB with an id made here, then sent; without signal it waits, and is sent in the order it
   was taken when the signal returns. The server does each id once (dispatch/submissions.py), so a
   send that got no answer can safely be sent again. The bar at the top shows what still waits. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sigap-config").textContent);
  var T = config.text;
  var DB_NAME = "sigap", STORE = "queue";
  var sending = null; // the send under way, if any
  var changed = {};  // reports this page's sends changed: its forms now hold an old version

  // A page the phone shows from its cache (no signal) carries the messages of the time it was
  // saved: "it worked" was said then, not now.
  var said = document.querySelector(".messages");
  if (said && !navigator.onLine) said.hidden = true;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.sw, { scope: config.scope }).catch(function () {});
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function open() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () { req.result.createObjectStore(STORE, { keyPath: "id" }); };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function tx(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var result = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }

  function all() {
    return tx("readonly", function (s) { return s.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.seq - b.seq; });
    });
  }
  function put(item) { return tx("readwrite", function (s) { s.put(item); }); }
  /* Write back an item being sent, unless the user dismissed it meanwhile. */
  function update(item) {
    return tx("readwrite", function (s) {
      var req = s.get(item.id);
      req.onsuccess = function () { if (req.result) s.put(item); };
    });
  }
  function remove(id) { return tx("readwrite", function (s) { s.delete(id); }); }

  /* A form's fields as a list: Files stay Files (IndexedDB keeps them as they are). */
  function entries(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (value instanceof File) {
        if (value.size) out.push([name, value, value.name]);
      } else {
        out.push([name, value]);
      }
    });
    return out;
  }

  /* The job an action belongs to: its address without the action (/sigap/r/CODE/). */
  function reportOf(url) { return url.replace(/[^/]+\/?$/, ""); }

  function enqueue(form) {
    return all().then(function (items) {
      var id = newId();
      var fields = entries(form).filter(function (e) { return e[0] !== "client_id"; });
      fields.push(["client_id", id]);
      var item = {
        id: id, seq: Date.now() + Math.random(), url: form.action, fields: fields,
        label: form.getAttribute("data-label") || form.action, state: "waiting", message: "",
        tries: 0,
        // The page's version holds only for an action sent at once. Behind another waiting one
        // (weak signal keeps navigator.onLine true), or after this page's own send changed the
        // job, it would be refused as stale: the queue's order counts instead.
        fresh: navigator.onLine && !changed[reportOf(form.action)] &&
          !items.some(function (i) { return i.state === "waiting"; })
      };
      return put(item).then(function () { return item; });
    });
  }

  /* The CSRF token as it is now: the one saved with the item dies when the user signs in again.
     The cookie first (a page opened from the phone's cache holds an old one). */
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function body(item) {
    var data = new FormData(), token = csrfToken();
    item.fields.forEach(function (e) {
      // A late send keeps the order of the queue instead of the version of an old page.
      if (e[0] === "version" && !item.fresh) return;
      if (e[0] === "csrfmiddlewaretoken" && token) { data.append(e[0], token); return; }
      if (e.length === 3) data.append(e[0], e[1], e[2]); else data.append(e[0], e[1]);
    });
    return data;
  }

  /* Keep the item and those behind it waiting (no answer, or the session ended). */
  function wait(item, message) {
    item.tries = (item.tries || 0) + 1; item.message = message;
    return update(item).then(function () { return "stop"; });
  }
  /* The server refused it for good: shown until dismissed; the next items go on. */
  function fail(item, message, status) {
    item.state = "failed"; item.message = message; item.status = status;
    return update(item).then(function () { return "failed"; });
  }

  /* Send one item: "sent", "failed" or "stop". */
  function send(item) {
    return fetch(item.url, {
      method: "POST", body: body(item), credentials: "same-origin",
      headers: { "X-Laksa-Queue": "1", "Accept": "application/json" }
    }).then(function (response) {
      if (response.redirected && new URL(response.url).pathname === config.login) return wait(item, T.login);
      var json = (response.headers.get("Content-Type") || "").indexOf("json") >= 0;
      if (!json) {
        // Not the app's answer (a hotspot's sign-in page, a proxy's error): try again later.
        if (response.status < 400 || response.status >= 500) return wait(item, "");
        return fail(item, "HTTP " + response.status, response.status);
      }
      return response.json().then(function (answer) {
        if (response.ok) return remove(item.id).then(function () { return "sent"; });
        if (response.status === 401 || response.status === 403) return wait(item, T.login);
        if (response.status >= 500) return wait(item, "");
        return fail(item, answer.message || "HTTP " + response.status, response.status);
      }, function () { return wait(item, ""); });
    }, function () { return wait(item, ""); });
  }

  /* Send what waits, oldest first. Stop at the first send without an answer (or when the
     session has ended): the rest waits behind it, so actions arrive in the order they were taken.
     A refused one is marked failed and the next goes on. */
  function flush() {
    if (sending) {
      // What was queued meanwhile goes in a send of its own, right after; the caller hears of both.
      return sending.then(function (first) { return flush().then(function (n) { return first + n; }); });
    }
    var sent = 0;
    sending = all().then(function (items) {
      var waiting = items.filter(function (i) { return i.state === "waiting"; });
      var chain = Promise.resolve(true);
      waiting.forEach(function (item, index) {
        chain = chain.then(function (go) {
          if (!go) return false;
          return send(item).then(function (outcome) {
            if (outcome !== "sent") return outcome !== "stop";
            sent += 1;
            var job = reportOf(item.url);
            changed[job] = true;
            // The job has moved on: what waits for it must not carry the old page's version.
            var behind = waiting.slice(index + 1).filter(function (i) { return i.fresh && reportOf(i.url) === job; });
            return Promise.all(behind.map(function (i) { i.fresh = false; return update(i); })).then(function () { return true; });
          });
        });
      });
      return chain;
    }).then(function () {
      sending = null;
      return show().then(function () { return sent; });
    }, function () { sending = null; return sent; });
    return sending;
  }

  function show() {
    var bar = document.getElementById("queue");
    if (!bar) return Promise.resolve();
    return all().then(function (items) {
      var waiting = items.filter(function (i) { return i.state === "waiting"; }).length;
      document.getElementById("queue-count").textContent = waiting ? waiting + " " + T.waiting : "";
      document.getElementById("queue-net").textContent = navigator.onLine ? "" : T.offline;
      var list = document.getElementById("queue-items");
      list.innerHTML = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = item.state;
        var text = document.createElement("span");
        text.textContent = item.label + (item.state === "failed" ? " · " + T.failed + ": " : "") + (item.message ? " " + item.message : "");
        li.appendChild(text);
        var stuck = item.state === "waiting" && item.tries > 0;
        if (item.state === "failed" || stuck) {
          var what = document.createElement("span");
          what.className = "queue-actions";
          if (item.state === "failed") {
            // Sending it again would be refused again: the job as it is now, or let it go. A job
            // that is no longer the user's (404) opens no more: the list of their jobs instead.
            var gone = item.status === 404;
            var again = document.createElement("a");
            again.className = "button small";
            again.href = gone ? config.scope : reportOf(item.url);
            again.textContent = gone ? T.jobs : T.reopen;
            what.appendChild(again);
          }
          var b = document.createElement("button");
          b.type = "button"; b.className = "small"; b.textContent = T.dismiss;
          b.addEventListener("click", function () {
            if (stuck && !window.confirm(T.confirm)) return;
            remove(item.id).then(show);
          });
          what.appendChild(b);
          li.appendChild(what);
        }
        list.appendChild(li);
      });
      var failed = items.length - waiting;
      var hint = document.getElementById("queue-refused");
      hint.hidden = !failed;
      bar.hidden = !items.length && navigator.onLine;
      bar.classList.toggle("offline", !navigator.onLine);
      document.getElementById("queue-send").hidden = !waiting;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (/\/keluar\/$/.test(form.action || "") && window.caches) {
      // A shared phone: the pages of the job go with the session. Unsent actions stay queued.
      caches.keys().then(function (names) {
        names.forEach(function (n) { if (n.indexOf("sigap") === 0) caches.delete(n); });
      });
      return;
    }
    if (!form.hasAttribute || !form.hasAttribute("data-queue") || !window.indexedDB) return;
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    enqueue(form).catch(function () {
      // The phone could not store it (storage full, a private window): send the form itself.
      if (navigator.onLine) { form.submit(); return null; }
      if (button) button.disabled = false;
      window.alert(T.nostore);
      return null;
    }).then(function (item) {
      if (!item) return;
      if (!navigator.onLine) {
        form.reset();
        form.insertAdjacentHTML("beforeend", "<p class=\"saved\"></p>");
        form.lastChild.textContent = T.saved;
        if (button) button.disabled = false;
        return show();
      }
      return flush().then(function (sent) {
        if (sent) { window.location.reload(); return; }
        if (button) button.disabled = false;
      });
    });
  });

  window.addEventListener("online", function () {
    flush().then(function (sent) { if (sent) window.location.reload(); });
  });
  window.addEventListener("offline", show);
  document.getElementById("queue-send").addEventListener("click", function () {
    flush().then(function (sent) { if (sent) window.location.reload(); });
  });
  setInterval(function () { if (navigator.onLine) flush(); }, 30000);
  show().then(function () { if (navigator.onLine) flush().then(function (sent) { if (sent) window.location.reload(); }); });
})();
