// Drives Debian's Chromium through the client test app at the URL given as
// the first argument: each default of the bundled client and each
// extension job, one step each.
import { closeAll, firstPage, launch } from "./launch.mjs";

const base = process.argv[2];
if (!base || !base.startsWith("http://127.0.0.1:")) {
  console.error("usage: node client.mjs http://127.0.0.1:PORT");
  process.exit(2);
}

const context = await launch();

let step = "start";
const timeout = 5000;
try {
  const page = await firstPage(context, timeout);
  const errors = [];
  const posts = [];
  const polls = [];
  const scripts = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // The browser logs every 4xx and 5xx; the steps below cause some.
    if (m.type() === "error" && !/status of (404|500)/.test(m.text())) errors.push(m.text());
  });
  page.on("request", (req) => {
    const u = new URL(req.url());
    if (req.method() === "POST" && u.pathname === "/slow") posts.push(req.postData());
    if (req.resourceType() === "script") scripts.push(u.pathname);
  });
  page.on("response", (res) => {
    if (new URL(res.url()).pathname === "/poll") polls.push(res.status());
  });
  const text = (sel) => page.locator(sel).innerText();
  async function waitText(sel, want) {
    try {
      await page.waitForFunction(([s, w]) => document.querySelector(s)?.textContent === w, [sel, want], { timeout });
    } catch (e) {
      throw new Error(`${sel} should read ${JSON.stringify(want)}, reads ${JSON.stringify(await text(sel).catch(() => null))}`);
    }
  }
  const toast = () => page.locator("#hyperox-toast");

  step = "load";
  await page.goto(base + "/");
  await page.waitForFunction(() => window.htmx !== undefined);
  if (!scripts.some((s) => s.startsWith("/assets/hx-ptag."))) throw new Error(`a page with hx-ptag loads the extension: ${scripts}`);

  step = "double click: one request, and a loading state while it runs";
  await page.locator("#slow-submit").dblclick();
  await page.waitForFunction(() => document.querySelector("#slow").getAttribute("aria-busy") === "true");
  await page.waitForTimeout(300);
  const busy = await page.locator("#slow-submit").evaluate((b) => [getComputedStyle(b).opacity, getComputedStyle(b).cursor, b.closest("form").classList.contains("htmx-request")]);
  if (!(Number(busy[0]) < 1) || busy[1] !== "progress" || !busy[2]) throw new Error(`loading state (opacity, cursor, htmx-request): ${busy}`);
  await page.waitForFunction(() => !document.querySelector("#slow").hasAttribute("aria-busy"));
  if (posts.length !== 1) throw new Error(`a double click sent ${posts.length} requests`);

  step = "double Enter: one request; other values go on";
  await page.locator("#slow input").press("Enter");
  await page.locator("#slow input").press("Enter");
  await page.waitForFunction(() => !document.querySelector("#slow").hasAttribute("aria-busy"));
  if (posts.length !== 2) throw new Error(`a double Enter sent ${posts.length - 1} requests`);

  step = "path-deps";
  await page.locator("#add-item").click();
  await waitText("#deps", "1");

  step = "hx-status target for a 404";
  await page.locator("#missing").click();
  await waitText("#not-found", "nothing here");
  if (await toast().count()) throw new Error("a 404 with its own target also showed the toast");

  step = "stale action: the message in the error region, the row intact";
  await page.locator("#stale").click();
  await toast().waitFor();
  const said = await toast().locator("span").innerText();
  if (said !== "That is no longer there. No such todo.") throw new Error(`toast says ${JSON.stringify(said)}`);
  if ((await page.locator("#row").count()) !== 1) throw new Error("the row went away");
  const role = await toast().getAttribute("role");
  if (role !== "alert") throw new Error(`toast role ${role}`);
  await toast().locator("button").click();
  await page.waitForFunction(() => document.querySelector("#hyperox-toast").hidden);

  step = "query-string trigger";
  await page.locator("#tab-b").click();
  await page.waitForURL((u) => u.search === "?tab=b");
  await waitText("#qs", "tab=b");

  step = "trigger-children";
  await page.locator("#child").click();
  await waitText("#child", "Saving");
  await waitText("#child", "Saved");

  step = "mutation-error";
  await page.locator("#fail").click();
  await waitText("#told", "failed 500");
  await toast().waitFor();
  const failed = await toast().locator("span").innerText();
  if (failed !== "Something went wrong on the server. The disk is full.") throw new Error(`toast says ${JSON.stringify(failed)}`);

  step = "data-onload after a swap";
  await page.locator("#load-fragment").click();
  await waitText("#loaded", "ran");

  step = "polling tags: an unchanged answer is a 304 and is not swapped";
  await waitText("#poll", "v0");
  await page.locator("#poll .version").evaluate((e) => { e.__kept = true; });
  const before = polls.length;
  await page.waitForTimeout(1200);
  const since = polls.slice(before);
  if (since.length < 3 || since.some((s) => s !== 304)) throw new Error(`polls after the first: ${since}`);
  if (!(await page.locator("#poll .version").evaluate((e) => e.__kept === true))) throw new Error("an unchanged poll replaced the element");
  await page.locator("#bump").click();
  await waitText("#poll", "v1");
  if (!polls.slice(before).includes(200)) throw new Error(`no 200 after the change: ${polls}`);

  if (errors.length) throw new Error(`page errors: ${JSON.stringify(errors)}`);
  console.log(`ok: ${posts.length} posts to /slow, ${polls.length} polls (${polls.filter((s) => s === 304).length} unchanged)`);
} catch (e) {
  console.error(`failed at step "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
