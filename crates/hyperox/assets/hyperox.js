// hyperox's client: the CSRF header, safe defaults for state-changing
// requests (one in flight per form, a loading state, errors shown in one
// place), the small extensions (path-deps, query-string triggers,
// trigger-children, mutation-error, data-onload) and live reload. Loaded
// after htmx on every page (the head tags of `Cx::head`).
(function () {
  "use strict";

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : null;
  }

  // This page's id, made as it loads: one per document, so one per
  // browser tab (the server tells a change made here to every other page
  // but this one).
  var pageId = Array.prototype.map
    .call(crypto.getRandomValues(new Uint8Array(16)), function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    })
    .join("");

  // Every htmx request (streams included) carries the page's CSRF token
  // and its id.
  document.addEventListener("htmx:config:request", function (evt) {
    var token = meta("csrf-token");
    if (evt.detail && evt.detail.ctx) {
      if (token) evt.detail.ctx.request.headers["X-CSRF-Token"] = token;
      evt.detail.ctx.request.headers["X-Hyperox-Page"] = pageId;
    }
  });

  // An answer that began or ended a session carries the new session's
  // CSRF token: the page's meta and form fields take it.
  document.addEventListener("htmx:after:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    var headers = ctx && ctx.response && ctx.response.headers;
    var token = headers && headers.get && headers.get("x-csrf-token");
    if (!token) return;
    var m = document.querySelector('meta[name="csrf-token"]');
    if (m) m.setAttribute("content", token);
    document.querySelectorAll('input[name="_csrf"]').forEach(function (input) {
      input.value = token;
    });
  });

  // The internal API htmx gives extensions: attribute lookup with
  // htmx 4's inheritance rules.
  var hx = null;
  if (window.htmx && htmx.registerExtension) {
    htmx.registerExtension("hyperox", { init: function (api) { hx = api; } });
  }
  function attrValue(elt, name) {
    if (hx) return hx.attributeValue(elt, name);
    return elt.getAttribute ? elt.getAttribute(name) : null;
  }
  function changes(method) {
    return method && method !== "GET" && method !== "HEAD";
  }

  // What every page gets without writing it: a busy cursor and dimmed
  // controls while a request runs, and the error toast.
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(
      "[aria-busy=true],[aria-busy=true] *{cursor:progress}" +
      "form[aria-busy=true] :is(button,[type=submit]),button[aria-busy=true]" +
      "{opacity:.55;transition:opacity .15s ease-in .1s}" +
      ".hyperox-toast{position:fixed;left:50%;bottom:16px;transform:translateX(-50%);" +
      "z-index:2147483000;box-sizing:border-box;width:max-content;max-width:min(32rem,calc(100vw - 32px));" +
      "display:flex;gap:12px;align-items:flex-start;padding:10px 12px 10px 16px;border-radius:10px;" +
      "background:#991b1b;color:#fff;font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;" +
      "box-shadow:0 8px 24px rgba(15,23,42,.25);overflow-wrap:anywhere}" +
      ".hyperox-toast[hidden]{display:none}" +
      ".hyperox-toast button{all:unset;cursor:pointer;min-width:24px;min-height:24px;" +
      "text-align:center;border-radius:6px;font-size:18px;line-height:24px}" +
      ".hyperox-toast button:focus-visible{outline:2px solid #fff}"
    );
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  } catch (e) { /* a browser without constructable stylesheets: no default styles */ }

  // Double submits: a state-changing request repeating one still in
  // flight (the same element, a form and its buttons counting as the
  // form, with the same values) is dropped, so a double click or a second
  // Enter sends one request; a request with other values goes on. An
  // element with its own `hx-sync` keeps htmx's rules instead.
  var inFlight = new WeakMap();
  function values(body) {
    try { return new URLSearchParams(body || "").toString(); } catch (e) { return String(Math.random()); }
  }
  document.addEventListener("htmx:config:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (!ctx || !changes(ctx.request.method)) return;
    var sent = values(ctx.request.body);
    ctx.hyperoxSent = sent;
    if (attrValue(ctx.sourceElement, "hx-sync")) return;
    var key = ctx.request.form || ctx.sourceElement;
    var running = inFlight.get(key) || [];
    var now = Date.now();
    running = running.filter(function (r) { return now - r.at < htmx.config.defaultTimeout; });
    if (running.some(function (r) { return r.values === sent; })) {
      evt.preventDefault();
      return;
    }
    var mine = { values: sent, at: now };
    running.push(mine);
    inFlight.set(key, running);
    ctx.hyperoxFlight = { key: key, entry: mine };
  });
  function landed(ctx) {
    var f = ctx.hyperoxFlight;
    if (!f) return;
    ctx.hyperoxFlight = null;
    var left = (inFlight.get(f.key) || []).filter(function (r) { return r !== f.entry; });
    if (left.length) inFlight.set(f.key, left); else inFlight.delete(f.key);
  }

  // Loading state: `aria-busy` on the element (and its form) for the
  // request's life, besides htmx's own `htmx-request` class.
  document.addEventListener("htmx:before:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (!ctx) return;
    ctx.hyperoxBusy = [ctx.sourceElement];
    if (ctx.request.form && ctx.request.form !== ctx.sourceElement) ctx.hyperoxBusy.push(ctx.request.form);
    ctx.hyperoxBusy.forEach(function (el) { el.setAttribute("aria-busy", "true"); });
    childEvents(ctx, evt);
  });
  document.addEventListener("htmx:finally:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (!ctx) return;
    landed(ctx);
    (ctx.hyperoxBusy || []).forEach(function (el) { el.removeAttribute("aria-busy"); });
    childEvents(ctx, evt);
    var status = ctx.response ? ctx.response.status : 0;
    if (changes(ctx.request.method)) {
      if (status >= 200 && status < 400) pathChanged(ctx.request.action);
      else if (ctx.response) mutationFailed(ctx, status);
    }
  });

  // `data-trigger-children` on a form: its request's events are also
  // dispatched on every element inside it (not bubbling), so a button
  // can react to its form's request with `hx-on:htmx:before:request`.
  function childEvents(ctx, evt) {
    var form = ctx.sourceElement && ctx.sourceElement.closest && ctx.sourceElement.closest("[data-trigger-children]");
    if (!form) return;
    form.querySelectorAll("*").forEach(function (child) {
      if (child === evt.target) return;
      child.dispatchEvent(new CustomEvent(evt.type, { bubbles: false, detail: evt.detail }));
    });
  }
  document.addEventListener("htmx:after:request", function (evt) { childEvents(evt.detail.ctx, evt); });
  document.addEventListener("htmx:error", function (evt) {
    if (evt.detail && evt.detail.ctx) childEvents(evt.detail.ctx, evt);
  });

  // `data-path-deps="/todos"`: after a state change at that path (or
  // below it; a trailing `*` matches any continuation), the element gets
  // a `path-deps` event, which `hx-trigger="path-deps"` turns into a
  // refresh.
  function pathOf(url) {
    try { return new URL(url, location.href).pathname; } catch (e) { return String(url); }
  }
  function depends(dep, path) {
    if (dep.endsWith("*")) return path.startsWith(dep.slice(0, -1));
    return path === dep || path.startsWith(dep.replace(/\/$/, "") + "/");
  }
  function pathChanged(action) {
    var path = pathOf(action);
    document.querySelectorAll("[data-path-deps]").forEach(function (el) {
      var deps = el.getAttribute("data-path-deps").split(",");
      if (deps.some(function (d) { return depends(d.trim(), path); })) {
        htmx.trigger(el, "path-deps", { path: path });
      }
    });
  }

  // A state change that failed: elements marked `data-mutation-error`
  // (or listening with `hx-on:mutation-error`) get a `mutation-error`
  // event with the status (0 for a network failure) and path.
  function mutationFailed(ctx, status) {
    var detail = { status: status, path: pathOf(ctx.request.action) };
    document.querySelectorAll("[data-mutation-error],[hx-on\\:mutation-error]").forEach(function (el) {
      htmx.trigger(el, "mutation-error", detail);
    });
  }

  // Query-string triggers: an element whose `hx-trigger` names
  // `qs:NAME` gets a `qs:NAME` event whenever that query parameter of the
  // page's address changes (pushed by htmx, or back and forward), and its
  // GET carries the parameter's new value.
  var query = new URLSearchParams(location.search);
  function queryChanged() {
    var next = new URLSearchParams(location.search);
    document.querySelectorAll('[hx-trigger*="qs:"]').forEach(function (el) {
      var names = el.getAttribute("hx-trigger").match(/qs:[^\s,]+/g) || [];
      names.forEach(function (ev) {
        var name = ev.slice(3);
        if (query.get(name) !== next.get(name)) htmx.trigger(el, ev, { name: name, value: next.get(name) });
      });
    });
    query = next;
  }
  ["htmx:after:history:push", "htmx:after:history:replace"].forEach(function (name) {
    document.addEventListener(name, queryChanged);
  });
  window.addEventListener("popstate", function () { setTimeout(queryChanged); });
  document.addEventListener("htmx:config:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    var ev = ctx && ctx.sourceEvent;
    if (!ev || !ev.type || ev.type.indexOf("qs:") !== 0 || !ctx.request.body) return;
    var value = new URLSearchParams(location.search).get(ev.type.slice(3));
    ctx.request.body.delete(ev.type.slice(3));
    if (value !== null) ctx.request.body.append(ev.type.slice(3), value);
  });

  // `data-reset-on-success` on a form: after a 2xx answer each field
  // still holding the value it sent is emptied (what was typed since
  // stays), `aria-invalid` goes from its fields, and its
  // `[data-form-error]` messages are emptied. The form is not swapped,
  // so typing the next entry while one is sent loses nothing.
  document.addEventListener("htmx:after:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (!ctx || !ctx.response || ctx.response.status < 200 || ctx.response.status > 299) return;
    var src = ctx.sourceElement;
    var form = ctx.request.form || (src && src.matches && src.matches("form") ? src : null);
    if (!form || !form.hasAttribute("data-reset-on-success")) return;
    var sent = new URLSearchParams(ctx.hyperoxSent || "");
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") return;
      if (el.type === "checkbox" || el.type === "radio" || el.tagName === "SELECT") return;
      if (sent.get(el.name) === el.value) el.value = "";
      el.removeAttribute("aria-invalid");
    });
    form.querySelectorAll("[data-form-error]").forEach(function (e) { e.textContent = ""; });
  });

  // Focus after a swap: when the element that had focus was swapped
  // away and nothing took focus (no `autofocus`), it moves to the same
  // control of the element with the id of its nearest container that
  // has one (a list's row, when the whole list was swapped), else to the
  // first control of what replaced the target, else of the next (or
  // previous) sibling, else to the page's `[autofocus]` element, not to
  // the page body.
  var focusWas = null;
  var focusable = "button:not([disabled]),a[href],input:not([type=hidden]):not([disabled]),select,textarea,[tabindex]:not([tabindex='-1'])";
  function firstControl(el) {
    if (!el || !el.isConnected) return null;
    if (el.matches && el.matches(focusable)) return el;
    return el.querySelector ? el.querySelector(focusable) : null;
  }
  function controls(el) {
    return el && el.isConnected && el.querySelectorAll ? el.querySelectorAll(focusable) : [];
  }
  document.addEventListener("htmx:before:swap", function (evt) {
    focusWas = null;
    var active = document.activeElement;
    if (!active || active === document.body) return;
    ((evt.detail && evt.detail.tasks) || []).forEach(function (task) {
      var t = task.target;
      if (t && t.contains && t.contains(active)) {
        var inner = active.parentElement && active.parentElement.closest("[id]");
        var within = inner && inner !== t && t.contains(inner) ? inner : null;
        focusWas = {
          id: t.id, next: t.nextElementSibling, prev: t.previousElementSibling,
          inner: within && within.id,
          at: within ? Array.prototype.indexOf.call(controls(within), active) : -1
        };
      }
    });
  });
  document.addEventListener("htmx:after:swap", function () {
    var was = focusWas;
    focusWas = null;
    var active = document.activeElement;
    if (!was || (active && active !== document.body && active.isConnected)) return;
    var row = was.inner && document.getElementById(was.inner);
    var same = row && was.at >= 0 ? controls(row)[was.at] : null;
    var to = same || firstControl(row) ||
      (was.id && firstControl(document.getElementById(was.id))) ||
      firstControl(was.next) || firstControl(was.prev) ||
      document.querySelector("[autofocus]");
    if (to) to.focus({ preventScroll: true });
  });

  // Error answers. A 4xx or 5xx goes where the app said (`HX-Retarget`,
  // `hx-status:<code>`, the nearest `data-error-target`); otherwise it is
  // not swapped, so what was on the page stays, and its message shows in
  // the page's error region: `[data-hyperox-errors]` if the page has one,
  // a toast otherwise. A 422 is swapped as usual: it is the form again
  // with its errors.
  var sentences = {
    400: "The request was not understood.",
    401: "Sign in first.",
    403: "That was refused.",
    404: "That is no longer there.",
    405: "That cannot be done here.",
    409: "That clashed with another change; reload to see the latest.",
    413: "That was too large to send.",
    429: "Too many requests; wait a moment and try again.",
    503: "The site is busy; try again in a moment."
  };
  function sentence(status) {
    if (sentences[status]) return sentences[status];
    if (status >= 500) return "Something went wrong on the server.";
    if (status === 0) return "The server could not be reached.";
    return "The request failed (" + status + ").";
  }
  function statusRule(elt, status) {
    var s = String(status);
    return [s, s.slice(0, 2) + "x", s[0] + "xx"].some(function (p) { return attrValue(elt, "hx-status:" + p); });
  }
  var toastTimer = null;
  function showError(message) {
    var box = document.querySelector("[data-hyperox-errors]");
    if (box) {
      box.textContent = message;
      box.hidden = false;
      return;
    }
    box = document.getElementById("hyperox-toast");
    if (!box) {
      box = document.createElement("div");
      box.id = "hyperox-toast";
      box.className = "hyperox-toast";
      box.setAttribute("role", "alert");
      var text = document.createElement("span");
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "\u00d7";
      close.setAttribute("aria-label", "Dismiss");
      close.onclick = function () { box.hidden = true; };
      box.append(text, close);
      document.body.appendChild(box);
    }
    box.firstChild.textContent = message;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 10000);
  }
  function bodyText(ctx) {
    var type = (ctx.response.headers && ctx.response.headers.get("content-type")) || "";
    var text = ctx.text || "";
    if (type.indexOf("text/html") === 0) {
      text = new DOMParser().parseFromString(text, "text/html").body.textContent || "";
    } else if (type.indexOf("text/plain") !== 0) {
      return "";
    }
    text = text.replace(/\s+/g, " ").trim();
    return text.length > 300 ? text.slice(0, 300) + "\u2026" : text;
  }
  document.addEventListener("htmx:after:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (!ctx || !ctx.response || ctx.response.status < 400) return;
    if (ctx.hx && ctx.hx.retarget) return;
    var status = ctx.response.status;
    var src = ctx.sourceElement;
    var near = src && src.closest && src.closest("[data-error-target]");
    if (near) {
      var target = document.querySelector(near.getAttribute("data-error-target"));
      if (target) {
        ctx.target = target;
        ctx.swap = "innerHTML";
        return;
      }
    }
    if (status === 422 || statusRule(src, status)) return;
    ctx.swap = "none";
    var detail = bodyText(ctx);
    showError(sentence(status) + (detail ? " " + detail.charAt(0).toUpperCase() + detail.slice(1) + (/[.!?]$/.test(detail) ? "" : ".") : ""));
  });

  // Network failures and timeouts show in the same place.
  document.addEventListener("htmx:error", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (!ctx || !ctx.request) return;
    var err = evt.detail.error;
    landed(ctx);
    showError(sentence(0) + (err && err.message ? " (" + err.message + ")" : ""));
    if (changes(ctx.request.method) && !ctx.response) mutationFailed(ctx, 0);
  });

  // `data-onload` runs once per element, on page load and after each swap,
  // with `this` bound to the element.
  function runOnLoad(root) {
    if (!root || !root.querySelectorAll) return;
    var els = Array.prototype.slice.call(root.querySelectorAll("[data-onload]"));
    if (root.matches && root.matches("[data-onload]")) els.unshift(root);
    els.forEach(function (el) {
      if (el.__hyperoxLoaded) return;
      el.__hyperoxLoaded = true;
      try {
        new Function(el.getAttribute("data-onload")).call(el);
      } catch (e) {
        console.error("data-onload failed", e);
      }
    });
  }
  document.addEventListener("htmx:after:process", function (evt) {
    runOnLoad(evt.target);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { runOnLoad(document); });
  } else {
    runOnLoad(document);
  }

  // Development: reload when the server comes back as a new process.
  // Under `hyperox dev` the stream outlives the app's restarts and names
  // what happened: a build started, a new process serves (reload), the
  // stylesheet changed (swapped in place), a build failed or recovered
  // (an overlay with the compiler's errors).
  //
  // A page with a server-sent event stream of its own (`hx-sse:connect`)
  // opens no second one: its stream starts with `hyperox:boot`, naming
  // the process serving it (a new one: reload), and under `hyperox dev`
  // carries the supervisor's events as `hyperox:building`, `hyperox:css`
  // and so on. A browser keeps six connections to a host, so one stream
  // per tab instead of two means twice the tabs.
  var reloadUrl = meta("hyperox-livereload");
  if (reloadUrl && document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", liveReload);
  } else if (reloadUrl) {
    liveReload();
  }
  function liveReload() {
    var ownStream = document.querySelector("[hx-sse\\:connect]");
    if (ownStream || window.EventSource) {
      var source;
      if (ownStream) {
        var boot = meta("hyperox-boot");
        source = {
          addEventListener: function (name, fn) {
            document.addEventListener("hyperox:" + name, function (e) {
              fn({ data: e.detail && e.detail.data != null ? e.detail.data : "" });
            });
          }
        };
        source.addEventListener("boot", function (e) {
          if (boot && e.data !== boot) location.reload();
        });
      } else {
        var first = null;
        source = new EventSource(reloadUrl);
        source.onmessage = function (msg) {
          if (first === null) first = msg.data;
          else if (msg.data !== first) location.reload();
        };
      }
      var pill = null;
      var showPill = function (text) {
        if (!pill) {
          pill = document.createElement("div");
          pill.id = "hyperox-dev-status";
          var s = pill.style;
          s.position = "fixed"; s.right = "12px"; s.bottom = "12px"; s.zIndex = "2147483647";
          s.padding = "4px 10px"; s.borderRadius = "999px"; s.font = "12px system-ui, sans-serif";
          s.background = "#1e1e2e"; s.color = "#cdd6f4"; s.opacity = "0.9";
          document.body.appendChild(pill);
        }
        pill.textContent = text;
      };
      var hidePill = function () {
        if (pill) { pill.remove(); pill = null; }
      };
      var overlay = null;
      var hideOverlay = function () {
        if (overlay) { overlay.remove(); overlay = null; }
      };
      source.addEventListener("building", function () { showPill("rebuilding\u2026"); });
      source.addEventListener("reload", function () { location.reload(); });
      source.addEventListener("css", function (e) {
        var links = document.querySelectorAll('link[rel="stylesheet"][href*="/assets/styles."]');
        links.forEach(function (old) {
          var next = old.cloneNode();
          next.href = old.href.split("?")[0] + "?v=" + e.data;
          next.onload = function () { old.remove(); };
          old.after(next);
        });
      });
      source.addEventListener("build-ok", function () { hideOverlay(); hidePill(); });
      source.addEventListener("build-error", function (e) {
        hidePill();
        hideOverlay();
        overlay = document.createElement("div");
        overlay.id = "hyperox-dev-error";
        var s = overlay.style;
        s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
        s.background = "rgba(17, 17, 27, 0.94)"; s.color = "#f5e0dc"; s.padding = "24px";
        s.font = "13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace";
        var title = document.createElement("div");
        title.textContent = "Build failed \u2014 this page is from the last good build. Fix the error and save.";
        title.style.color = "#f38ba8"; title.style.fontWeight = "bold"; title.style.marginBottom = "12px";
        var pre = document.createElement("pre");
        pre.textContent = e.data;
        pre.style.whiteSpace = "pre-wrap";
        var close = document.createElement("button");
        close.textContent = "Dismiss";
        close.onclick = hideOverlay;
        close.style.font = "inherit"; close.style.padding = "4px 12px"; close.style.marginTop = "12px";
        close.style.border = "1px solid #6c7086"; close.style.borderRadius = "6px";
        close.style.background = "#313244"; close.style.color = "#cdd6f4"; close.style.cursor = "pointer";
        overlay.append(title, pre, close);
        document.body.appendChild(overlay);
      });
    }
  }
})();
