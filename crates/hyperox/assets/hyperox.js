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
  var reloadUrl = meta("hyperox-livereload");
  if (reloadUrl && window.EventSource) {
    var first = null;
    var source = new EventSource(reloadUrl);
    source.onmessage = function (msg) {
      if (first === null) first = msg.data;
      else if (msg.data !== first) location.reload();
    };
  }
})();
