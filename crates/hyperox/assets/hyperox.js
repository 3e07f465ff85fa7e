// hyperox client extension: CSRF header, live reload, data-onload hooks and
// error swaps. Loaded after htmx on every page that uses `hyperox::head`.
(function () {
  "use strict";

  function meta(name) {
    var m = document.querySelector('meta[name="' + name + '"]');
    return m ? m.getAttribute("content") : null;
  }

  // Every htmx request carries the page's CSRF token.
  document.addEventListener("htmx:config:request", function (evt) {
    var token = meta("csrf-token");
    if (token && evt.detail && evt.detail.ctx) {
      evt.detail.ctx.request.headers["X-CSRF-Token"] = token;
    }
  });

  // 4xx and 5xx answers go to the nearest `data-error-target`, unless the
  // server retargeted them itself.
  document.addEventListener("htmx:after:request", function (evt) {
    var ctx = evt.detail && evt.detail.ctx;
    if (!ctx || !ctx.response || ctx.response.status < 400) return;
    if (ctx.hx && ctx.hx.retarget) return;
    var src = ctx.sourceElement && ctx.sourceElement.closest("[data-error-target]");
    if (!src) return;
    var target = document.querySelector(src.getAttribute("data-error-target"));
    if (target) {
      ctx.target = target;
      ctx.swap = "innerHTML";
    }
  });

  // Network failures are shown in `[data-hyperox-errors]` when the page has one.
  document.addEventListener("htmx:error", function (evt) {
    var box = document.querySelector("[data-hyperox-errors]");
    if (!box) return;
    var err = evt.detail && evt.detail.error;
    box.textContent = "Request failed" + (err && err.message ? ": " + err.message : "");
    box.hidden = false;
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
  var reloadUrl = meta("hyperox-livereload");
  if (reloadUrl && window.EventSource) {
    var first = null;
    var source = new EventSource(reloadUrl);
    source.onmessage = function (msg) {
      if (first === null) first = msg.data;
      else if (msg.data !== first) location.reload();
    };
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
})();
