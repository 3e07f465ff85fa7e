// Drives Debian's Chromium through the todo app at the URL given as the
// first argument as a demanding user would: on a slow network (every
// partial held 500 ms), double clicks and double Enters, typing while an
// add is sent, a stale action, keyboard only, a 200-character word at
// phone width, accessible names and contrast, and without JavaScript.
// Screenshots at desktop and phone width go to the second argument.
import { closeAll, firstPage, launch } from "./launch.mjs";
import fs from "node:fs";
import path from "node:path";

const base = process.argv[2];
const shots = process.argv[3];
if (!base || !base.startsWith("http://127.0.0.1:") || !shots) {
  console.error("usage: node ux.mjs http://127.0.0.1:PORT SCREENSHOT_DIR");
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

const context = await launch();


const DELAY = 500;
let step = "start";
const timeout = 6000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
try {
  const page = await firstPage(context, timeout);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // The browser logs every 4xx; the stale action's 404 is expected.
    if (m.type() === "error" && !/status of 404/.test(m.text())) errors.push(m.text());
  });
  const changes = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname.startsWith("/_partials/") && req.method() !== "GET") changes.push(req.method() + " " + new URL(req.url()).pathname);
  });
  // The slow network: every partial answers DELAY ms late.
  await page.route("**/_partials/**", async (route) => {
    await sleep(DELAY);
    await route.continue();
  });

  const input = () => page.locator("#add-form input[name=title]");
  const titles = () => page.locator("#todo-list li .title").allInnerTexts();
  async function waitFor(what, fn, arg) {
    try {
      await page.waitForFunction(fn, arg, { timeout });
    } catch (e) {
      throw new Error(`${what}: ${e.message.split("\n")[0]}; list=${JSON.stringify(await titles())}`);
    }
  }
  const waitItems = (want) =>
    waitFor(`items ${JSON.stringify(want)}`, (t) => JSON.stringify([...document.querySelectorAll("#todo-list li .title")].map((e) => e.textContent)) === JSON.stringify(t), want);
  const idle = () => waitFor("no request running", () => !document.querySelector(".htmx-request"));
  const row = (title) => page.locator("#todo-list li", { has: page.locator(".title", { hasText: title }) });
  // What the server has: the page fetched afresh, parsed.
  async function serverRows() {
    return page.evaluate(async () => {
      const html = await (await fetch("/?filter=all", { cache: "no-store" })).text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      return [...doc.querySelectorAll("#todo-list li")].map((li) => [li.querySelector(".title").textContent, li.classList.contains("done")]);
    });
  }
  async function pageMatchesServer() {
    const shown = await page.locator("#todo-list li").evaluateAll((lis) => lis.map((li) => [li.querySelector(".title").textContent, li.classList.contains("done")]));
    const server = await serverRows();
    if (JSON.stringify(shown) !== JSON.stringify(server)) throw new Error(`page ${JSON.stringify(shown)} but server ${JSON.stringify(server)}`);
  }

  step = "load";
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(base + "/");
  await page.waitForFunction(() => window.htmx !== undefined);

  step = "focus:outline-none with its ring in place of the outline";
  await input().focus();
  // Tailwind 3's `outline-none`: a transparent outline (kept for forced
  // colours), the browser's own focus outline gone.
  const focusStyle = await input().evaluate((e) => {
    const s = getComputedStyle(e);
    return { style: s.outlineStyle, color: s.outlineColor, ring: s.boxShadow };
  });
  const invisible = focusStyle.style === "none" || /rgba\(.*, 0\)$/.test(focusStyle.color);
  if (!invisible || !/ 0px 0px 0px 2px/.test(focusStyle.ring)) throw new Error(`focused field: ${JSON.stringify(focusStyle)}`);

  step = "double click on Add: one todo";
  await input().fill("Buy milk");
  await page.locator("#add-form button[type=submit]").dblclick();
  step = "the loading state shows while the add runs";
  await waitFor("aria-busy on the form", () => document.querySelector("#add-form").getAttribute("aria-busy") === "true");
  if (!(await page.locator("#add-form").evaluate((f) => f.classList.contains("htmx-request")))) throw new Error("no htmx-request class on the form");
  await waitItems(["Buy milk"]);
  await idle();
  await sleep(DELAY + 200);
  await waitItems(["Buy milk"]);
  await pageMatchesServer();

  step = "double Enter: one todo";
  await input().fill("Walk the dog");
  await input().press("Enter");
  await input().press("Enter");
  await waitItems(["Buy milk", "Walk the dog"]);
  await idle();
  await sleep(DELAY + 200);
  await pageMatchesServer();

  step = "typing while an add is sent is kept";
  await input().fill("Call mum");
  await input().press("Enter");
  await sleep(100);
  await input().fill("Water the plants");
  await waitItems(["Buy milk", "Walk the dog", "Call mum"]);
  await idle();
  const kept = await input().inputValue();
  if (kept !== "Water the plants") throw new Error(`typed text after the add: ${JSON.stringify(kept)}`);
  await input().press("Enter");
  await waitItems(["Buy milk", "Walk the dog", "Call mum", "Water the plants"]);
  await idle();
  if ((await input().inputValue()) !== "") throw new Error("the field was not emptied after its own add");

  step = "double click on a toggle: toggled once";
  await row("Buy milk").locator("button.toggle").dblclick();
  await waitFor("Buy milk done", () => document.querySelector("#todo-list li.done .title")?.textContent === "Buy milk");
  await idle();
  await sleep(DELAY + 200);
  await pageMatchesServer();
  const toggles = changes.filter((c) => c.endsWith("/toggle"));
  if (toggles.length !== 1) throw new Error(`toggle requests: ${toggles.length}`);
  const adds = changes.filter((c) => c.endsWith("/add"));
  if (adds.length !== 4) throw new Error(`add requests: ${adds.length} for four todos`);

  step = "focus after toggle stays in the row";
  await row("Walk the dog").locator("button.toggle").focus();
  await page.keyboard.press("Enter");
  await waitFor("Walk the dog done", () => [...document.querySelectorAll("#todo-list li.done .title")].some((e) => e.textContent === "Walk the dog"));
  await idle();
  const focusRow = () => page.evaluate(() => document.activeElement?.closest("li")?.querySelector(".title")?.textContent ?? document.activeElement?.tagName);
  if ((await focusRow()) !== "Walk the dog") throw new Error(`focus after toggle: ${await focusRow()}`);
  await page.keyboard.press("Enter");
  await waitFor("Walk the dog active", () => ![...document.querySelectorAll("#todo-list li.done .title")].some((e) => e.textContent === "Walk the dog"));
  await idle();

  step = "Escape cancels an edit, focus back in the row";
  await row("Call mum").locator("a.edit").click();
  const editor = page.locator("#todo-list li.editing input[name=title]");
  await editor.waitFor();
  await waitFor("the editor has focus", () => document.activeElement?.matches("li.editing input[name=title]"));
  await editor.fill("Call mum and dad");
  await editor.press("Escape");
  await waitFor("editor closed", () => !document.querySelector("#todo-list li.editing"));
  await idle();
  await waitItems(["Buy milk", "Walk the dog", "Call mum", "Water the plants"]);
  if ((await focusRow()) !== "Call mum") throw new Error(`focus after cancel: ${await focusRow()}`);

  step = "save by keyboard, focus back in the row";
  await row("Call mum").locator("a.edit").click();
  await editor.waitFor();
  await waitFor("the editor has focus", () => document.activeElement?.matches("li.editing input[name=title]"));
  await editor.fill("Call mum and dad");
  await editor.press("Enter");
  await waitItems(["Buy milk", "Walk the dog", "Call mum and dad", "Water the plants"]);
  await idle();
  if ((await focusRow()) !== "Call mum and dad") throw new Error(`focus after save: ${await focusRow()}`);

  step = "delete by keyboard: focus on the next row";
  await row("Call mum and dad").locator("button.delete").focus();
  await page.keyboard.press("Enter");
  await waitItems(["Buy milk", "Walk the dog", "Water the plants"]);
  await idle();
  if ((await focusRow()) !== "Water the plants") throw new Error(`focus after delete: ${await focusRow()}`);

  step = "a stale action: the error in the error region, and the list and count catch up";
  // Another page deletes "Walk the dog" while this page's live stream is
  // gone (a network blip), so the page is not told.
  const stale = await row("Walk the dog").getAttribute("id");
  const staleId = stale.replace("todo-", "");
  await page.evaluate(() => document.querySelector("#todo-sync").remove());
  await page.evaluate(async (id) => {
    const token = document.querySelector('meta[name="csrf-token"]').content;
    const res = await fetch(`/_partials/todos/${id}/delete`, { method: "DELETE", headers: { "X-CSRF-Token": token, "HX-Request": "true" } });
    if (!res.ok) throw new Error("the other user's delete failed: " + res.status);
  }, staleId);
  await row("Walk the dog").locator("button.toggle").click();
  const toast = page.locator("#hyperox-toast");
  await toast.waitFor();
  const said = await toast.locator("span").innerText();
  if (said !== "That is no longer there. No such todo.") throw new Error(`the error region says ${JSON.stringify(said)}`);
  await waitItems(["Buy milk", "Water the plants"]);
  const count = await page.locator("#todo-count").innerText();
  const serverCount = await page.evaluate(async () => {
    const html = await (await fetch("/")).text();
    return new DOMParser().parseFromString(html, "text/html").querySelector("#todo-count").textContent;
  });
  if (count !== serverCount) throw new Error(`the count after a stale action: ${count}, the server's ${serverCount}`);
  if (!(await toast.isVisible())) throw new Error("the catch-up hid the error");
  await page.locator("#hyperox-toast button").click();
  await page.reload();
  await page.waitForFunction(() => window.htmx !== undefined);
  await waitItems(["Buy milk", "Water the plants"]);

  step = "accessibility: aria-current, names, the announced count";
  const current = await page.locator("a.filter[aria-current=page]").allInnerTexts();
  if (JSON.stringify(current) !== JSON.stringify(["All"])) throw new Error(`aria-current on ${JSON.stringify(current)}`);
  const names = await row("Water the plants").locator("button, a").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  const wantNames = ["Mark “Water the plants” as done", "Edit “Water the plants”", "Delete “Water the plants”"];
  if (JSON.stringify(names) !== JSON.stringify(wantNames)) throw new Error(`row control names ${JSON.stringify(names)}`);
  const status = page.locator("[role=status][aria-live=polite]");
  if ((await status.innerText()) !== "1 item left") throw new Error(`announced: ${await status.innerText()}`);
  await status.evaluate((e) => { e.__same = true; });
  await row("Water the plants").locator("button.toggle").click();
  await waitFor("the count announced", () => document.querySelector("[role=status]").textContent === "0 items left");
  if (!(await status.evaluate((e) => e.__same === true))) throw new Error("the live region was replaced, not updated");
  await idle();

  step = "accessibility: touch targets of 24 px and more";
  const small = await page.locator("section button:not(.invisible), section a, section input:not([type=hidden])").evaluateAll((els) =>
    els.map((e) => [e.getAttribute("aria-label") || e.textContent.trim(), e.getBoundingClientRect()]).filter(([, r]) => r.width < 24 || r.height < 24).map(([n, r]) => `${n} ${r.width}x${r.height}`),
  );
  if (small.length) throw new Error(`targets under 24x24: ${JSON.stringify(small)}`);

  step = "accessibility: text contrast at WCAG AA";
  const contrasts = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const g = canvas.getContext("2d", { willReadFrequently: true });
    const rgba = (css) => {
      g.clearRect(0, 0, 1, 1);
      g.fillStyle = "#000";
      g.fillStyle = css;
      g.fillRect(0, 0, 1, 1);
      const [r, gg, b, a] = g.getImageData(0, 0, 1, 1).data;
      return [r, gg, b, a / 255];
    };
    const lum = ([r, gg, b]) => {
      const c = [r, gg, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (getComputedStyle(e).backgroundColor !== "rgba(0, 0, 0, 0)" && c[3] > 0.5) return c;
      }
      return [255, 255, 255, 1];
    };
    const texts = [".subtitle", "#todo-count", "#todo-list .title", "#todo-list li.done .title", "#todo-list a.edit", "#todo-list button.delete", "a.filter", "a.filter.selected", "#add-form button"];
    const out = [];
    for (const sel of texts) {
      for (const el of document.querySelectorAll(sel)) {
        const fg = lum(rgba(getComputedStyle(el).color));
        const bg = lum(background(el));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        out.push([sel, Math.round(ratio * 100) / 100]);
      }
    }
    const add = document.querySelector("#add-form input[name=title]");
    const fg = lum(rgba(getComputedStyle(add, "::placeholder").color));
    const bg = lum(background(add));
    out.push(["#add-form input::placeholder", Math.round(((Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)) * 100) / 100]);
    return out;
  });
  const low = contrasts.filter(([, r]) => r < 4.5);
  if (low.length) throw new Error(`contrast under 4.5:1: ${JSON.stringify(low)}`);
  if (!contrasts.some(([s]) => s === "#todo-list li.done .title")) throw new Error("no completed title to measure");
  await page.screenshot({ path: path.join(shots, "todo-desktop.png") });

  step = "a 200-character word at 375 px stays inside the card";
  await page.setViewportSize({ width: 375, height: 812 });
  const word = "x".repeat(200);
  await input().fill(word);
  await input().press("Enter");
  await waitFor("the long todo", (w) => [...document.querySelectorAll("#todo-list .title")].some((e) => e.textContent === w), word);
  await idle();
  const layout = await page.evaluate(() => {
    const card = document.querySelector("section").getBoundingClientRect();
    const outside = [];
    for (const el of document.querySelectorAll("section li, section li *, #todo-footer, #todo-footer *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < card.left - 0.5 || r.right > card.right + 0.5) outside.push(`${el.className || el.tagName} ${r.left}-${r.right}`);
    }
    const footer = document.querySelector("#todo-footer");
    const kids = [...footer.children].map((k) => k.getBoundingClientRect());
    const tops = new Set(kids.map((r) => Math.round(r.top + r.height / 2)));
    const lines = [...footer.querySelectorAll("a, button, span")].filter((e) => e.getBoundingClientRect().height > 0).map((e) => [e.textContent, e.getClientRects().length, e.getBoundingClientRect().height]);
    return { outside, centres: [...tops], wrapped: lines.filter(([, n, h]) => n > 1 || h > 30), overflow: document.documentElement.scrollWidth > window.innerWidth };
  });
  if (layout.outside.length) throw new Error(`outside the card: ${JSON.stringify(layout.outside.slice(0, 5))}`);
  if (layout.centres.length !== 1 || layout.wrapped.length) throw new Error(`the footer wraps at 375 px: ${JSON.stringify(layout)}`);
  if (layout.overflow) throw new Error("the page scrolls sideways at 375 px");
  await page.screenshot({ path: path.join(shots, "todo-phone.png"), fullPage: true });

  step = "at 320 px (WCAG reflow) nothing is clipped and the editor keeps a usable field";
  await page.setViewportSize({ width: 320, height: 700 });
  await idle();
  const narrow = await page.evaluate(() => {
    const card = document.querySelector("section").getBoundingClientRect();
    const clipped = [...document.querySelectorAll("#todo-footer a, #todo-footer button:not(.invisible)")]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > card.right + 0.5)
      .map((e) => e.textContent.trim());
    return { clipped, overflow: document.documentElement.scrollWidth > window.innerWidth };
  });
  if (narrow.clipped.length || narrow.overflow) throw new Error(`at 320 px: ${JSON.stringify(narrow)}`);
  await page.locator("#todo-list a.edit").first().click();
  const field = page.locator("#todo-list li.editing input[name=title]");
  await field.waitFor();
  const fieldWidth = await field.evaluate((e) => e.getBoundingClientRect().width);
  if (fieldWidth < 150) throw new Error(`the editor's field is ${fieldWidth} px wide at 320 px`);
  const ring = await field.evaluate((e) => getComputedStyle(e).boxShadow);
  if (!ring || ring === "none") throw new Error("the editor's field has no focus ring");
  await page.screenshot({ path: path.join(shots, "todo-320.png"), fullPage: true });
  await field.press("Escape");
  await idle();
  await page.setViewportSize({ width: 375, height: 812 });

  if (errors.length) throw new Error(`page errors: ${JSON.stringify(errors)}`);

  step = "without JavaScript";
  const nojs = await launch({ javaScriptEnabled: false });
  const plain = await firstPage(nojs, timeout);
  await plain.goto(base + "/?filter=active");
  const plainTitles = () => plain.locator("#todo-list li .title").allInnerTexts();
  if ((await plainTitles()).length !== 1) throw new Error(`active todos without JS: ${await plainTitles()}`);

  step = "without JavaScript: a refused add lands on an address that reloads";
  await plain.locator("#add-form input[name=title]").fill("   ");
  await plain.locator("#add-form button[type=submit]").click();
  await plain.waitForLoadState();
  const refusedUrl = new URL(plain.url());
  if (refusedUrl.pathname !== "/" || refusedUrl.searchParams.get("filter") !== "active") throw new Error(`after a refused add: ${plain.url()}`);
  if ((await plain.locator("#add-error").innerText()) !== "Write something first.") throw new Error("no error shown");
  const reload = await plain.reload();
  if (reload.status() !== 200) throw new Error(`reloading ${plain.url()}: ${reload.status()}`);

  step = "without JavaScript: add under a filter keeps it";
  await plain.locator("#add-form input[name=title]").fill("No script");
  await plain.locator("#add-form button[type=submit]").click();
  await plain.waitForURL((u) => u.pathname === "/" && u.search === "?filter=active");
  const afterAdd = await plainTitles();
  if (!afterAdd.includes("No script")) throw new Error(`after the add: ${afterAdd}`);

  step = "without JavaScript: toggle, edit and delete";
  const plainRow = (t) => plain.locator("#todo-list li", { has: plain.locator(".title", { hasText: t }) });
  await plainRow("No script").locator("a.edit").click();
  await plain.locator("#todo-list li.editing input[name=title]").fill("No script, renamed");
  await plain.locator("#todo-list li.editing button.save").click();
  await plain.waitForURL((u) => u.search === "?filter=active");
  if (!(await plainTitles()).includes("No script, renamed")) throw new Error(`after the edit: ${await plainTitles()}`);
  await plainRow("No script, renamed").locator("button.toggle").click();
  await plain.waitForURL((u) => u.search === "?filter=active");
  if ((await plainTitles()).includes("No script, renamed")) throw new Error("the toggled todo still shows under Active");
  await plain.goto(base + "/?filter=completed");
  await plainRow("No script, renamed").locator("button.delete").click();
  await plain.waitForURL((u) => u.search === "?filter=completed");
  if ((await plainTitles()).includes("No script, renamed")) throw new Error("the deleted todo still shows");

  console.log(`ok: ${changes.length} state-changing requests, contrast min ${Math.min(...contrasts.map(([, r]) => r))}`);
} catch (e) {
  console.error(`failed at step "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
