// Drives Debian's Chromium through the hyperox site at the URL given
// first: every page reachable from the home page loads with no console
// error and no failed request, the live examples work (click to edit,
// active search, validation on blur, the cached card, the clock over
// server-sent events, the counter over a websocket), the search finds as you type, every page has no
// accessibility violation of impact serious or critical (axe-core, light
// and dark), and the pages are shot at desktop and phone widths, light
// and dark, into the folder given second.
import { closeAll, firstPage, launch } from "./launch.mjs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// axe-core's script, evaluated in the page by the driver (the site's
// Content-Security-Policy admits no injected script tag, rightly).
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** The page's violations of impact serious or critical, as lines. */
async function axeViolations(page, where) {
  const found = await page.evaluate(`${axeSource}
    axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")))`);
  return found.map((v) => `${where}: ${v}`);
}

const [base, shots] = process.argv.slice(2);
if (!base || !base.startsWith("http://127.0.0.1:")) {
  console.error("usage: node site.mjs http://127.0.0.1:PORT SCREENSHOT_DIR");
  process.exit(2);
}
let step = "start";
const problems = [];
const violations = [];
try {
  const browser = await launch();
  const page = await firstPage(browser, 10000);
  page.on("console", (m) => { if (m.type() === "error") problems.push(`${step}: console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`${step}: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${step}: ${r.status()} ${r.url()}`); });

  step = "every page";
  const seen = new Set();
  const queue = ["/"];
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url)) continue;
    seen.add(url);
    step = `the page ${url}`;
    await page.goto(base + url);
    // Examples load after the page (the clock's stream never idles).
    await page.waitForFunction(() => !document.body.innerText.includes("Loading the example"));
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      violations.push(...(await axeViolations(page, `${url} (${scheme})`)));
    }
    await page.emulateMedia({ colorScheme: "light" });
    const hrefs = await page.locator("a[href^='/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    // A place on a page (`#fn.div`) is that page.
    for (const h of hrefs.map((h) => h.split("#")[0])) if (!seen.has(h) && !h.startsWith("/assets/")) queue.push(h);
  }
  if (seen.size < 18) throw new Error(`only ${seen.size} pages reached: ${[...seen].join(" ")}`);
  if (violations.length) throw new Error(`accessibility (axe-core):\n${violations.join("\n")}`);

  step = "click to edit";
  await page.goto(base + "/examples");
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("First name").fill("Grace");
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator("#contact dd", { hasText: "Grace" }).waitFor();

  step = "active search";
  await page.getByLabel("Search htmx's attributes").fill("oob");
  // The list held every attribute: it holds the two with `oob` once the
  // answer is in.
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length === 2);
  const oob = await page.locator("#search-results li").allInnerTexts();
  if (oob.join(" ") !== "hx-swap-oob hx-select-oob") throw new Error(`found ${oob.join(", ")}`);

  step = "commands in the browser";
  await page.getByRole("button", { name: "Click to change me" }).click();
  await page.locator("#say-hi", { hasText: "Hi there!" }).waitFor();
  await page.getByRole("button", { name: "Show or hide the list" }).click();
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll("#facts li")];
    return items.length === 2 && items[0].hidden && !items[1].hidden;
  });

  step = "a loading state";
  await page.getByRole("button", { name: "Run a slow job" }).click();
  await page.waitForFunction(() => document.querySelector("#loading-spinner") && getComputedStyle(document.querySelector("#loading-spinner")).opacity === "1");
  await page.locator("#loading-result", { hasText: "Done." }).waitFor();

  step = "infinite scroll";
  const box = page.getByRole("region", { name: "Rows" }).or(page.locator("[aria-label=Rows]"));
  for (let k = 0; k < 4; k++) await box.first().evaluate((b) => { b.scrollTop = b.scrollHeight; }).then(() => page.waitForTimeout(300));
  await page.waitForFunction(() => document.querySelectorAll("#rows li").length === 32);

  step = "validation on blur";
  await page.getByLabel("E-mail", { exact: true }).fill("nope");
  await page.getByLabel("E-mail", { exact: true }).blur();
  await page.locator("#email-message", { hasText: "not an e-mail address" }).waitFor();

  step = "the cached card";
  const shown = async () => page.locator("#cached-example p").last().innerText();
  const before = await shown();
  await page.getByRole("button", { name: "Show it again" }).click();
  await page.waitForFunction((b) => document.querySelector("#cached-example p:last-of-type")?.innerText !== b, before);

  step = "the clock ticks";
  const first = await page.locator("#clock").innerText();
  await page.waitForFunction((f) => document.querySelector("#clock")?.innerText !== f, first, { timeout: 5000 });

  step = "the websocket counter counts, and keeps its count";
  await page.getByRole("button", { name: "Increase" }).click();
  await page.locator("#ws-count", { hasText: "1" }).waitFor();
  await page.getByRole("button", { name: "Increase" }).click();
  await page.getByRole("button", { name: "Increase" }).click();
  await page.getByRole("button", { name: "Decrease" }).click();
  await page.locator("#ws-count", { hasText: "2" }).waitFor();

  step = "the examples page, shot";
  await page.screenshot({ path: path.join(shots, "site-examples.png"), fullPage: true });

  step = "search as you type";
  await page.goto(base + "/search");
  await page.getByLabel("Words to find").fill("ETag");
  await page.locator("#results a", { hasText: "Caching" }).waitFor();

  step = "HTML to Rust as you type";
  await page.goto(base + "/convert");
  await page.getByLabel("HTML", { exact: true }).fill('<ul><li class="a">One &amp; two</li></ul>');
  await page.waitForFunction(() => document.querySelector("#rust-builder")?.innerText === 'ul(li((class("a"), "One & two")))');
  await page.screenshot({ path: path.join(shots, "site-convert.png"), fullPage: true });

  step = "the tutorial: step 1 whole, later steps as diffs";
  await page.goto(base + "/guide/tutorial");
  const added = await page.locator("pre span.bg-green-100").count();
  const removed = await page.locator("pre span.bg-red-100").count();
  if (added < 20 || removed < 5) throw new Error(`the tutorial's diffs show ${added} added and ${removed} removed lines`);
  await page.locator("figcaption", { hasText: "site/tutorial/step4/src/partials/todos/index.rs (moved from src/partials/todos.rs, unchanged)" }).waitFor();
  await page.screenshot({ path: path.join(shots, "site-tutorial.png"), fullPage: true });

  step = "a guide page, light and dark, desktop and phone";
  await page.goto(base + "/guide/caching");
  await page.screenshot({ path: path.join(shots, "site-guide.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: path.join(shots, "site-guide-dark.png"), fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(base + "/");
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 375) throw new Error(`the home page is ${wide} px wide on a phone`);
  await page.screenshot({ path: path.join(shots, "site-home-phone.png"), fullPage: true });

  if (problems.length) throw new Error(problems.join("\n"));
  console.log(`ok: ${seen.size} pages (no serious or critical axe violation, light or dark), the examples, search`);
} catch (e) {
  console.error(`failed at "${step}": ${e.message}`);
  if (problems.length) console.error(problems.join("\n"));
  process.exitCode = 1;
} finally {
  await closeAll();
}
