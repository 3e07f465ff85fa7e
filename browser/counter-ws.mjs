// Drives Debian's Chromium through the websocket counter (examples/counter-ws)
// at the URL given as the first argument: server-side click and input
// handlers, the count in the session shared by its tabs and not by
// another browser, and the connection's clock. A screenshot goes to the
// second argument.
import { closeAll, firstPage, launch } from "./launch.mjs";
import path from "node:path";

const [base, shots] = process.argv.slice(2);
if (!base || !base.startsWith("http://127.0.0.1:")) {
  console.error("usage: node counter-ws.mjs http://127.0.0.1:PORT [SCREENSHOT_DIR]");
  process.exit(2);
}
const timeout = 6000;
let step = "start";
try {
  const first = await launch();
  const page = await firstPage(first, timeout);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const count = (p) => p.locator("#count").innerText();
  const waitCount = (p, n) => p.waitForFunction((n) => document.querySelector("#count").textContent === String(n), n, { timeout });

  step = "the socket opens and the clock ticks";
  await page.goto(base + "/");
  await page.waitForFunction(() => /\d\d:\d\d:\d\d UTC/.test(document.querySelector("#clock").textContent));
  const t1 = await page.locator("#clock").innerText();
  await page.waitForFunction((t) => document.querySelector("#clock").textContent !== t, t1, { timeout: 3000 });

  step = "server-side click handlers";
  for (let i = 0; i < 3; i++) await page.locator("#plus").click();
  await waitCount(page, 3);
  await page.locator("#minus").click();
  await waitCount(page, 2);

  step = "the live repeater sends the field's value";
  await page.locator("#text").fill("hello <b>there</b>");
  await page.waitForFunction(() => document.querySelector("#echo").textContent === "hello <b>there</b>");
  if (await page.locator("#echo b").count()) throw new Error("the echo was not escaped");

  step = "another tab of the same browser shares the count";
  const tab = await first.newPage();
  tab.setDefaultTimeout(timeout);
  await tab.goto(base + "/");
  if ((await count(tab)) !== "2") throw new Error(`the second tab shows ${await count(tab)}`);
  await tab.waitForFunction(() => /UTC/.test(document.querySelector("#clock").textContent));
  await tab.locator("#plus").click();
  await waitCount(tab, 3);
  await waitCount(page, 3);

  step = "another browser has a count of its own";
  const other = await launch();
  const otherPage = await firstPage(other, timeout);
  await otherPage.goto(base + "/");
  if ((await count(otherPage)) !== "0") throw new Error(`another browser shows ${await count(otherPage)}`);
  await otherPage.waitForFunction(() => /UTC/.test(document.querySelector("#clock").textContent));
  await otherPage.locator("#plus").click();
  await waitCount(otherPage, 1);
  await page.waitForTimeout(300);
  if ((await count(page)) !== "3") throw new Error(`the first browser's count moved to ${await count(page)}`);

  if (shots) await page.screenshot({ path: path.join(shots, "counter-ws.png") });
  if (errors.length) throw new Error(`page errors: ${JSON.stringify(errors)}`);
  console.log("ok: handlers, session state across tabs, per-browser counts, the clock");
} catch (e) {
  console.error(`failed at step "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
