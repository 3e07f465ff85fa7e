// Drives Debian's Chromium through the todo app at the URL given as the
// first argument: add, validate, toggle, edit, filter, delete, clear and
// reload, checking that the count follows through out-of-band swaps and
// that no interaction loads a whole page.
import { closeAll, firstPage, launch } from "./launch.mjs";
import fs from "node:fs";
import path from "node:path";

const base = process.argv[2];
// Where screenshots go (optional third argument).
const shots = process.argv[3];
if (!base || !base.startsWith("http://127.0.0.1:")) {
  console.error("usage: node todo.mjs http://127.0.0.1:PORT");
  process.exit(2);
}

const context = await launch();

let step = "start";
const timeout = 5000;
try {
  const page = await firstPage(context, timeout);

  const documents = [];
  const partialRequests = [];
  const errors = [];
  const statuses = [];
  page.on("request", (req) => {
    if (req.resourceType() === "document") documents.push(req.url());
    if (new URL(req.url()).pathname.startsWith("/_partials/")) {
      partialRequests.push({ url: req.url(), method: req.method(), hx: req.headers()["hx-request"] });
    }
  });
  page.on("response", (res) => {
    if (new URL(res.url()).pathname.startsWith("/_partials/")) statuses.push(res.status());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // The browser logs every 4xx; the 422s of the validation steps are expected.
    if (m.type() === "error" && !m.text().includes("status of 422")) errors.push(m.text());
  });

  const count = () => page.locator("#todo-count").innerText();
  const items = () => page.locator("#todo-list li .title").allInnerTexts();
  async function waitFor(what, fn, arg) {
    try {
      await page.waitForFunction(fn, arg, { timeout });
    } catch (e) {
      throw new Error(`${what}: ${e.message.split("\n")[0]}; list=${JSON.stringify(await items())} count=${await count()}`);
    }
  }
  const waitCount = (text) =>
    waitFor(`count "${text}"`, (t) => document.querySelector("#todo-count")?.textContent === t, text);
  const waitItems = (titles) =>
    waitFor(
      `items ${JSON.stringify(titles)}`,
      (t) => JSON.stringify([...document.querySelectorAll("#todo-list li .title")].map((e) => e.textContent)) === JSON.stringify(t),
      titles,
    );
  const item = (title) => page.locator("#todo-list li", { has: page.locator(".title", { hasText: title }) });

  step = "load";
  await page.goto(base + "/");
  await page.waitForFunction(() => window.htmx !== undefined);
  await waitItems([]);
  await waitCount("0 items left");
  const h1Color = await page.locator("h1").evaluate((e) => getComputedStyle(e).color);
  // text-indigo-600: Tailwind 3's rgb or Tailwind 4's oklch.
  if (h1Color !== "rgb(79, 70, 229)" && !h1Color.startsWith("oklch(0.511 0.262 276.966")) throw new Error(`built-in CSS not applied: h1 color ${h1Color}`);

  step = "add";
  await page.locator("#add-form input[name=title]").fill("Buy milk");
  await page.locator("#add-form input[name=title]").press("Enter");
  await waitItems(["Buy milk"]);
  await waitCount("1 item left");
  await page.locator("#add-form input[name=title]").fill("Walk the dog");
  await page.locator("#add-form button[type=submit]").click();
  await waitItems(["Buy milk", "Walk the dog"]);
  await waitCount("2 items left");
  const value = await page.locator("#add-form input[name=title]").inputValue();
  if (value !== "") throw new Error(`the add form was not reset: ${JSON.stringify(value)}`);

  // Tailwind 4's divide-y: the line is the end border of every row but
  // the last.
  step = "divide-y: a line between the rows, none after the last";
  const borders = await page.locator("#todo-list > li").evaluateAll((lis) =>
    lis.map((li) => [getComputedStyle(li).borderTopWidth, getComputedStyle(li).borderBottomWidth]),
  );
  if (JSON.stringify(borders) !== JSON.stringify([["0px", "1px"], ["0px", "0px"]])) {
    throw new Error(`divide-y borders (top, bottom) per row: ${JSON.stringify(borders)}`);
  }
  const shadow = await page.locator("section").first().evaluate((e) => getComputedStyle(e).boxShadow);
  if (!shadow || shadow === "none") throw new Error("the card's `shadow` made no CSS");
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, "todo-two-rows.png") });
  }

  step = "add: validation";
  await page.locator("#add-form input[name=title]").fill("   ");
  await page.locator("#add-form input[name=title]").press("Enter");
  await page.locator("#add-form .add-error").waitFor();
  const err = await page.locator("#add-form .add-error").innerText();
  if (err !== "Write something first.") throw new Error(`validation message: ${err}`);
  if (!statuses.includes(422)) throw new Error(`no 422 among ${statuses}`);
  await waitItems(["Buy milk", "Walk the dog"]);

  step = "toggle";
  await item("Buy milk").locator("button.toggle").click();
  await waitCount("1 item left");
  await waitFor("Buy milk done", () => document.querySelector("#todo-list li.done .title")?.textContent === "Buy milk");
  await waitFor("clear visible", () => !document.querySelector("button.clear").classList.contains("invisible"));

  step = "edit";
  await item("Walk the dog").locator("a.edit").click();
  const editor = page.locator("#todo-list li.editing input[name=title]");
  await editor.waitFor();
  await editor.fill("");
  await page.locator("#todo-list li.editing button.save").click();
  await page.locator("#todo-list li.editing .edit-error").waitFor();
  await page.locator("#todo-list li.editing input[name=title]").fill("Walk the dog twice");
  await page.locator("#todo-list li.editing button.save").click();
  await waitItems(["Buy milk", "Walk the dog twice"]);
  await waitFor("editor closed", () => !document.querySelector("#todo-list li.editing"));

  step = "filter";
  await page.locator("a.filter", { hasText: "Active" }).click();
  await waitItems(["Walk the dog twice"]);
  await page.waitForURL((u) => u.search === "?filter=active");
  await waitFor("Active selected", () => document.querySelector("a.filter.selected")?.textContent === "Active");
  await item("Walk the dog twice").locator("button.toggle").click();
  await waitItems([]);
  await waitCount("0 items left");
  await page.locator("a.filter", { hasText: "Completed" }).click();
  await waitItems(["Buy milk", "Walk the dog twice"]);
  await page.waitForURL((u) => u.search === "?filter=completed");
  await item("Walk the dog twice").locator("button.toggle").click();
  await waitItems(["Buy milk"]);
  await waitCount("1 item left");
  await page.locator("a.filter", { hasText: "All" }).click();
  await waitItems(["Buy milk", "Walk the dog twice"]);
  await page.waitForURL((u) => u.search === "?filter=all");

  step = "delete";
  await item("Walk the dog twice").locator("button.delete").click();
  await waitItems(["Buy milk"]);
  await waitCount("0 items left");

  step = "clear completed";
  await page.locator("button.clear").click();
  await waitItems([]);
  await waitFor("clear hidden", () => document.querySelector("button.clear").classList.contains("invisible"));

  step = "persist";
  await page.locator("#add-form input[name=title]").fill("Persist me");
  await page.locator("#add-form input[name=title]").press("Enter");
  await waitItems(["Persist me"]);
  await waitCount("1 item left");

  if (documents.length !== 1) throw new Error(`whole-page loads before reload: ${JSON.stringify(documents)}`);
  const notHtmx = partialRequests.filter((r) => r.hx !== "true");
  if (notHtmx.length) throw new Error(`partial requests without htmx: ${JSON.stringify(notHtmx)}`);
  const partialCount = partialRequests.length;

  await page.reload();
  await page.waitForFunction(() => window.htmx !== undefined);
  await waitItems(["Persist me"]);
  await waitCount("1 item left");
  if (documents.length !== 2) throw new Error(`document loads: ${JSON.stringify(documents)}`);
  if (errors.length) throw new Error(`page errors: ${JSON.stringify(errors)}`);

  console.log(`ok: ${partialCount} htmx partial requests, ${documents.length} document loads (first visit and reload)`);
} catch (e) {
  console.error(`failed at step "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
