// Each utility (or line of utilities) of a class list rendered in Chromium twice, under two
// stylesheets (hyperox's and real Tailwind's), and the computed styles
// compared. Prints a JSON object: for every class, the differences found
// (empty when the two agree).
//
//   node css-parity.mjs CLASSES HYPEROX.css TAILWIND.css OUT.json
//
// A class is put on a target element inside a fixture, beside the same
// fixture without it; the properties the class changes under either
// stylesheet (on the target, its two children, its ::before, ::after and
// ::placeholder) are compared between the stylesheets. States a variant
// needs are forced through the DevTools protocol (hover, focus, ...), or
// set on the element (checked, disabled, invalid); the page is 1600 px
// wide (every breakpoint applies), in landscape, with a dark colour
// scheme, and animations and transitions are stopped at their start or
// end.
import fs from "node:fs";
import { launch, firstPage, closeAll } from "./launch.mjs";

const [classesFile, hxFile, twFile, outFile] = process.argv.slice(2);
const classes = fs
  .readFileSync(classesFile, "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

/// The variants of a class: what precedes its last `:` outside brackets.
function variants(cls) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < cls.length; i++) {
    const c = cls[i];
    if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") depth--;
    else if (c === ":" && depth === 0) {
      parts.push(cls.slice(start, i));
      start = i + 1;
    }
  }
  return parts;
}

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/// The fixture for `cls` (or the same without it when `cls` is empty),
/// shaped by `kind`.
function fixture(id, cls, kind) {
  const c = cls ? ` class="${escapeHtml(cls)}"` : "";
  const attrs = `id="${id}" aria-checked="true" aria-expanded="true" data-active data-state="open"`;
  let target;
  switch (kind) {
    case "button":
      target = `<button ${attrs}${c} disabled><span>ab</span><span>cd</span></button>`;
      break;
    case "checkbox":
      target = `<input type="checkbox" ${attrs}${c} checked>`;
      break;
    case "input":
      target = `<input ${attrs}${c} required placeholder="Your name">`;
      break;
    default:
      target = `<div tabindex="0" ${attrs}${c}><span>ab</span><span>cd</span></div>`;
  }
  const peer = kind === "first" ? "" : `<input type="checkbox" class="peer" id="${id}-peer">`;
  return `<section class="case"><div class="group" tabindex="0" id="${id}-group">${peer}${target}<p>after</p></div></section>`;
}

function kindOf(vs) {
  if (vs.includes("disabled")) return "button";
  if (vs.includes("checked")) return "checkbox";
  if (vs.some((v) => ["required", "invalid", "placeholder"].includes(v))) return "input";
  if (vs.some((v) => ["first", "odd"].includes(v))) return "first";
  return "plain";
}

const cases = classes.map((cls, i) => {
  const vs = cls.split(/\s+/).flatMap(variants);
  return { cls, vs, kind: kindOf(vs), id: `t${i}`, base: `b${i}` };
});

const body = cases
  .map((k) => fixture(k.id, k.cls, k.kind) + fixture(k.base, "", k.kind))
  .join("\n");

function html(css) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>parity</title><style>${css}</style>
<style>.case { position: relative; width: 600px; min-height: 40px; overflow: hidden; display: flow-root; }</style>
</head><body>${body}</body></html>`;
}

/// Forced pseudo-classes, by the element's id suffix, for a case.
function forced(k) {
  const out = [];
  const own = ["hover", "focus", "focus-visible", "active", "focus-within"];
  for (const v of k.vs) {
    if (own.includes(v)) out.push(["", v]);
    if (v === "group-hover") out.push(["-group", "hover"]);
    if (v === "group-focus") out.push(["-group", "focus"]);
    if (v === "peer-hover") out.push(["-peer", "hover"]);
    if (v === "peer-focus") out.push(["-peer", "focus"]);
  }
  return out;
}

async function measure(context, css) {
  const page = await firstPage(context, 60_000);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.emulateMedia({ colorScheme: "dark", reducedMotion: "no-preference", media: "screen" });
  await page.setContent(html(css), { waitUntil: "load" });
  await page.evaluate((cases) => {
    for (const k of cases) {
      for (const id of [k.id, k.base]) {
        const peer = document.getElementById(`${id}-peer`);
        if (!peer) continue;
        if (k.vs.includes("peer-checked")) peer.checked = true;
        if (k.vs.includes("peer-invalid")) peer.required = true;
      }
    }
  }, cases);
  const cdp = await context.newCDPSession(page);
  await cdp.send("DOM.enable");
  await cdp.send("CSS.enable");
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  for (const k of cases) {
    for (const [suffix, state] of forced(k)) {
      for (const id of [k.id, k.base]) {
        const { nodeId } = await cdp.send("DOM.querySelector", {
          nodeId: root.nodeId,
          selector: `#${id}${suffix}`,
        });
        await cdp.send("CSS.forcePseudoState", { nodeId, forcedPseudoClasses: [state] });
      }
    }
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  // What the class changes: for each case, node and property, the
  // values with and without it.
  const changed = await page.evaluate((cases) => {
    for (const a of document.getAnimations()) {
      if (a instanceof CSSTransition) a.finish();
      else {
        a.pause();
        a.currentTime = 0;
      }
    }
    // Standard properties only: custom ones (`--tw-*`, `--en-*`) are
    // each generator's own plumbing.
    const names = Array.from(getComputedStyle(document.body)).filter((n) => !n.startsWith("--"));
    window.parityNodes = (el) => {
      const out = [["target", el, null], ["::before", el, "::before"], ["::after", el, "::after"]];
      if (el.tagName === "INPUT") out.push(["::placeholder", el, "::placeholder"]);
      if (el.children[0]) out.push(["child 1", el.children[0], null]);
      if (el.children[1]) out.push(["child 2", el.children[1], null]);
      return out;
    };
    return cases.map((k) => {
      const withEl = parityNodes(document.getElementById(k.id));
      const withoutEl = parityNodes(document.getElementById(k.base));
      const out = {};
      withEl.forEach(([node, el, pseudo], i) => {
        const a = getComputedStyle(el, pseudo);
        const b = getComputedStyle(withoutEl[i][1], pseudo);
        for (const n of names) {
          const x = a.getPropertyValue(n);
          if (x !== b.getPropertyValue(n)) out[`${node}|${n}`] = x;
        }
      });
      return out;
    });
  }, cases);
  const read = (keys) =>
    page.evaluate(
      ({ cases, keys }) =>
        keys.map((ks, i) => {
          const nodes = Object.fromEntries(
            parityNodes(document.getElementById(cases[i].id)).map(([n, el, p]) => [n, [el, p]]),
          );
          const out = {};
          for (const key of ks) {
            const [node, prop] = key.split("|");
            out[key] = nodes[node] ? getComputedStyle(nodes[node][0], nodes[node][1]).getPropertyValue(prop) : "(none)";
          }
          return out;
        }),
      { cases, keys },
    );
  return { changed, read };
}

/// Numbers to two decimals, so that rounding in unit conversion is no
/// difference.
function norm(v) {
  return v.replace(/-?\d*\.\d+|-?\d+/g, (n) => {
    const x = Math.round(parseFloat(n) * 100) / 100;
    return String(Object.is(x, -0) ? 0 : x);
  });
}

const context = await launch({ viewport: { width: 1600, height: 1000 } });
const hxContext = context;
const twContext = await launch({ viewport: { width: 1600, height: 1000 } });
const hx = await measure(hxContext, fs.readFileSync(hxFile, "utf8"));
const tw = await measure(twContext, fs.readFileSync(twFile, "utf8"));
// The properties either stylesheet changes, read under both.
const keys = cases.map((_, i) => [...new Set([...Object.keys(hx.changed[i]), ...Object.keys(tw.changed[i])])]);
const hxValues = await hx.read(keys);
const twValues = await tw.read(keys);
await closeAll();

const report = {};
const inert = [];
cases.forEach((k, i) => {
  if (keys[i].length === 0) inert.push(k.cls);
  const diffs = [];
  for (const key of keys[i]) {
    const x = hxValues[i][key];
    const y = twValues[i][key];
    if (norm(x) !== norm(y)) {
      const [node, prop] = key.split("|");
      diffs.push(`${node} ${prop}: hyperox \`${x}\`, tailwind \`${y}\``);
    }
  }
  report[k.cls] = diffs;
});
fs.writeFileSync(outFile, JSON.stringify({ report, inert }, null, 1));
const differing = Object.values(report).filter((d) => d.length).length;
console.log(
  `css parity: ${cases.length} classes, ${cases.length - differing} equal (${inert.length} of them change nothing on the fixture under either stylesheet), ${differing} differ`,
);
