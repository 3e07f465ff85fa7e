// Drives Debian's Chromium, with JavaScript off, through the file-routes
// example (examples/file-routes) at the URL given as the first argument:
// every page is a whole document with the app's stylesheet, its links
// lead to the others, and the +1 form posts and comes back to the page.
// A screenshot goes to the second argument.
import { closeAll, firstPage, launch } from "./launch.mjs";
import path from "node:path";

const [base, shots] = process.argv.slice(2);
if (!base || !base.startsWith("http://127.0.0.1:")) {
  console.error("usage: node file-routes.mjs http://127.0.0.1:PORT [SCREENSHOT_DIR]");
  process.exit(2);
}
let step = "start";
try {
  const browser = await launch({ javaScriptEnabled: false });
  const page = await firstPage(browser, 6000);
  const styled = async (what) => {
    const sheet = await page.evaluate(() => document.styleSheets.length);
    const margin = await page.locator("body").evaluate((b) => getComputedStyle(b).paddingTop);
    const doctype = await page.evaluate(() => document.doctype?.name);
    if (doctype !== "html" || sheet < 1 || margin !== "24px") {
      throw new Error(`${what}: doctype ${doctype}, ${sheet} stylesheet(s), body padding ${margin}`);
    }
  };

  step = "the home page";
  await page.goto(base + "/");
  await styled("/");
  for (const [link, heading, text] of [
    ["Users", "Users", "users"],
    ["User 7", "User", "user 7"],
    ["A post", "Post", "post hello world of user 7"],
    ["Docs", "Document", "doc guide/routing.md"],
  ]) {
    step = `the link ${link}`;
    await page.goto(base + "/");
    await page.getByRole("link", { name: link, exact: true }).click();
    await page.waitForLoadState();
    await styled(link);
    const h1 = await page.locator("h1").innerText();
    const main = await page.locator("main").innerText();
    if (h1 !== heading || main !== text) throw new Error(`${link}: h1 ${JSON.stringify(h1)}, main ${JSON.stringify(main)}`);
    if (!(await page.title()).includes(heading)) throw new Error(`${link}: title ${await page.title()}`);
  }

  step = "+1 posts without JavaScript and comes back to the page";
  await page.goto(base + "/");
  await page.getByRole("button", { name: "+1" }).click();
  await page.waitForURL(base + "/");
  const said = await page.locator("main [role=status]").innerText();
  if (said !== "1") throw new Error(`the answer shown: ${JSON.stringify(said)}`);

  step = "a 404 is a styled page";
  const res = await page.goto(base + "/users/seven");
  if (res.status() !== 404) throw new Error(`status ${res.status()}`);
  if (!(await page.locator("h1").innerText()).length) throw new Error("an empty error page");

  step = "back home, a screenshot";
  await page.goto(base + "/");
  await page.screenshot({ path: path.join(shots ?? ".", "file-routes-nojs.png") });
  console.log("ok: file-routes without JavaScript");
} catch (e) {
  console.error(`failed at step "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
