// Drives Debian's Chromium through a page of `hyperox dev`: a class added
// in the source restyles the open page without a reload, a compile error
// shows as an overlay over the last good page, and the fix clears it and
// reloads; with JavaScript off, the counter and the sign-up form work on
// styled pages. Screenshots of each state go to the folder given.
//
//   node dev.mjs http://127.0.0.1:PORT /path/to/app /path/to/screenshots
import { closeAll, firstPage, launch } from "./launch.mjs";
import fs from "node:fs";
import path from "node:path";

const [base, app, shots] = process.argv.slice(2);
if (!base || !app || !shots) {
  console.error("usage: node dev.mjs http://127.0.0.1:PORT APP_DIR SCREENSHOT_DIR");
  process.exit(2);
}
const context = await launch();
const index = path.join(app, "src/pages/index.rs");
const edit = (from, to) => {
  const text = fs.readFileSync(index, "utf8");
  if (!text.includes(from)) throw new Error(`index.rs has no ${from}`);
  fs.writeFileSync(index, text.replace(from, to));
};
let step = "start";
try {
  const page = await firstPage(context, 30000);
  page.setDefaultTimeout(60000);
  await page.setViewportSize({ width: 900, height: 600 });
  await page.goto(base + "/");
  await page.waitForFunction(() => document.querySelector("h1"));
  // Marks this document: a reload would lose it.
  await page.evaluate(() => { window.__hyperoxMark = 1; });

  step = "a class restyles the page without a reload";
  const before = await page.evaluate(() => getComputedStyle(document.querySelector("h1")).color);
  edit('class("mb-4 text-3xl font-bold")', 'class("mb-4 text-3xl font-bold text-rose-600")');
  // The stylesheet is swapped first (no rustc): the rule exists before the
  // page is rebuilt with the class, so look for it in the live sheets.
  await page.waitForFunction(() =>
    [...document.styleSheets].some((s) => {
      try { return [...s.cssRules].some((r) => r.selectorText === ".text-rose-600"); } catch { return false; }
    }) && window.__hyperoxMark === 1,
  );
  await page.evaluate(() => document.querySelector("h1").classList.add("text-rose-600"));
  const after = await page.evaluate(() => getComputedStyle(document.querySelector("h1")).color);
  if (after === before) throw new Error(`the new rule does not apply: ${after}`);
  await page.screenshot({ path: path.join(shots, "dev-css-swapped.png") });
  // The rebuild for the edit then reloads the page.
  await page.waitForFunction(() => window.__hyperoxMark === undefined);
  await page.waitForFunction(() => document.querySelector("h1"));

  step = "a compile error shows over the last good page";
  edit("pub async fn page", "pub async fn page(");
  const overlay = page.locator("#hyperox-dev-error");
  await overlay.waitFor({ state: "visible" });
  const text = await overlay.innerText();
  if (!text.includes("Build failed") || !text.includes("error")) throw new Error(`overlay says: ${text}`);
  if (!(await page.locator("h1").isVisible())) throw new Error("the last good page is gone");
  await page.screenshot({ path: path.join(shots, "dev-error-overlay.png") });

  step = "the fix clears the overlay and reloads";
  await page.evaluate(() => { window.__hyperoxMark = 2; });
  edit("pub async fn page(", "pub async fn page");
  await page.waitForFunction(() => window.__hyperoxMark === undefined && document.querySelector("h1"));
  if (await overlay.count()) throw new Error("the overlay outlived the fix");
  await page.screenshot({ path: path.join(shots, "dev-recovered.png") });

  step = "without JavaScript: the counter and the sign-up form work, on styled pages";
  const plain = await launch({ javaScriptEnabled: false });
  try {
    const p = await firstPage(plain, 30000);
    await p.goto(base + "/");
    const count = async () => Number(await p.locator("#counter output").innerText());
    const before = await count();
    await p.locator("#counter button").click();
    await p.waitForURL(base + "/");
    if ((await count()) !== before + 1) throw new Error(`the count after +1: ${await count()}, was ${before}`);
    await p.goto(base + "/signup");
    // The browser's own check would stop "nope" (an email field): the
    // server's is the one under test.
    await p.locator("#signup").evaluate((f) => { f.noValidate = true; });
    await p.locator("#email").fill("nope");
    await p.locator("#signup button").click();
    await p.waitForURL(base + "/signup");
    await p.getByText("Enter an email address").waitFor();
    if ((await p.locator("#email").inputValue()) !== "nope") throw new Error("the typed address was lost");
    const weight = await p.locator("h1").evaluate((e) => getComputedStyle(e).fontWeight);
    if (weight !== "700") throw new Error(`the page is unstyled (h1 weight ${weight})`);
    await p.screenshot({ path: path.join(shots, "starter-nojs-refused.png") });
    await p.locator("#email").fill("ada@example.com");
    await p.locator("#signup button").click();
    await p.waitForURL(base + "/signup");
    await p.getByText("Thanks, ada@example.com!").waitFor();
    await p.screenshot({ path: path.join(shots, "starter-nojs-thanks.png") });
  } finally {
    await plain.close();
  }
  console.log("ok: css swap, overlay, recovery, without JavaScript");
} catch (e) {
  console.error(`failed at "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
