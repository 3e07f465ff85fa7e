// Two users in two Chromium browsers on the todo app: a change one makes
// appears in the other's page without a reload. The first argument is
// the first user's server, the second (optional) the second user's (the
// same app, or another instance on the same database and Redis).
import { closeAll, firstPage, launch } from "./launch.mjs";

// (A screenshot folder may follow; this script takes none.)
const [urlA, urlB = urlA] = process.argv.slice(2).filter((a) => a.startsWith("http"));
if (!urlA || ![urlA, urlB].every((u) => u.startsWith("http://127.0.0.1:"))) {
  console.error("usage: node two-users.mjs http://127.0.0.1:PORT [http://127.0.0.1:PORT2]");
  process.exit(2);
}

let step = "start";
const timeout = 6000;
try {
  const pages = [];
  const logs = [];
  const documents = [0, 0];
  for (const [i, url] of [urlA, urlB].entries()) {
    const b = await launch();
    const page = await firstPage(b, timeout);
    page.on("request", (req) => { if (req.resourceType() === "document") documents[i]++; });
    page.on("console", (m) => logs.push(`${i}: ${m.text()}`));
    page.on("pageerror", (e) => logs.push(`${i}: ${e}`));
    page.on("requestfailed", (r) => logs.push(`${i}: failed ${r.url()} ${r.failure()?.errorText}`));
    page.on("response", (r) => { if (r.status() >= 300) logs.push(`${i}: ${r.status()} ${r.url()}`); });
    await page.goto(url + "/");
    await page.waitForFunction(() => window.htmx !== undefined);
    pages.push(page);
  }
  const [alice, bob] = pages;
  const titles = (p) => p.locator("#todo-list li .title").allInnerTexts();
  async function waitItems(p, who, want) {
    try {
      await p.waitForFunction((t) => JSON.stringify([...document.querySelectorAll("#todo-list li .title")].map((e) => e.textContent)) === JSON.stringify(t), want, { timeout });
    } catch (e) {
      throw new Error(`${who} should see ${JSON.stringify(want)}, sees ${JSON.stringify(await titles(p))}`);
    }
  }
  // Both pages have their stream open before the first change.
  step = "both pages listen";
  for (const p of pages) {
    try {
      await p.waitForFunction(() => document.querySelector("#todo-sync")?._htmx?.sse?.status === 200);
    } catch (e) {
      const state = await p.evaluate(() => JSON.stringify([Object.keys(document.querySelector("#todo-sync")?._htmx ?? {}), document.querySelector("#todo-sync")?.outerHTML, [...document.scripts].map((s) => s.src)]));
      throw new Error(`no open stream (${state}); console: ${JSON.stringify(logs)}`);
    }
  }

  step = "alice adds; bob sees it";
  await alice.locator("#add-form input[name=title]").fill("Shared milk");
  await alice.locator("#add-form input[name=title]").press("Enter");
  await waitItems(alice, "alice", ["Shared milk"]);
  await waitItems(bob, "bob", ["Shared milk"]);
  await bob.waitForFunction(() => document.querySelector("#todo-count").textContent === "1 item left");

  step = "bob toggles; alice sees it done";
  await bob.locator("#todo-list li button.toggle").click();
  await alice.waitForFunction(() => document.querySelector("#todo-list li.done .title")?.textContent === "Shared milk", null, { timeout });
  await alice.waitForFunction(() => document.querySelector("#todo-count").textContent === "0 items left");

  step = "an open edit is not wiped by the other's change";
  await alice.locator("#todo-list li a.edit").click();
  await alice.locator("#todo-list li.editing input[name=title]").fill("Shared oat milk");
  await bob.locator("#add-form input[name=title]").fill("Bread");
  await bob.locator("#add-form input[name=title]").press("Enter");
  await waitItems(bob, "bob", ["Shared milk", "Bread"]);
  await alice.waitForTimeout(500);
  const editing = await alice.locator("#todo-list li.editing input[name=title]").inputValue();
  if (editing !== "Shared oat milk") throw new Error(`alice's edit: ${JSON.stringify(editing)}`);
  await alice.locator("#todo-list li.editing button.save").click();
  await waitItems(bob, "bob", ["Shared oat milk", "Bread"]);

  step = "the edit closed: alice's list catches up with what it skipped, focus kept in her row";
  await waitItems(alice, "alice", ["Shared oat milk", "Bread"]);
  await alice.waitForFunction(() => document.querySelector("#todo-count").textContent === "1 item left");
  const focusRow = await alice.evaluate(() => document.activeElement?.closest("li")?.querySelector(".title")?.textContent ?? document.activeElement?.tagName);
  if (focusRow !== "Shared oat milk") throw new Error(`alice's focus after the catch-up: ${focusRow}`);

  step = "bob deletes; alice sees it go";
  await bob.locator("#todo-list li", { hasText: "Bread" }).locator("button.delete").click();
  await waitItems(alice, "alice", ["Shared oat milk"]);

  if (documents.some((n) => n !== 1)) throw new Error(`document loads: ${documents}`);

  step = "alice's second tab sees what her first tab adds, and the reverse";
  const tab = await alice.context().newPage();
  tab.setDefaultTimeout(timeout);
  await tab.goto(urlA + "/");
  await tab.waitForFunction(() => document.querySelector("#todo-sync")?._htmx?.sse?.status === 200);
  await alice.locator("#add-form input[name=title]").fill("Tab one");
  await alice.locator("#add-form input[name=title]").press("Enter");
  await waitItems(alice, "alice", ["Shared oat milk", "Tab one"]);
  await waitItems(tab, "alice's second tab", ["Shared oat milk", "Tab one"]);
  await waitItems(bob, "bob", ["Shared oat milk", "Tab one"]);
  await tab.locator("#add-form input[name=title]").fill("Tab two");
  await tab.locator("#add-form input[name=title]").press("Enter");
  await waitItems(alice, "alice's first tab", ["Shared oat milk", "Tab one", "Tab two"]);
  console.log(`ok: two users on ${urlA === urlB ? "one instance" : "two instances"}`);
} catch (e) {
  console.error(`failed at step "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
