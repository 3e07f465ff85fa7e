// Drives Debian's Chromium through the sign-in example (examples/auth)
// at the URL given as the first argument, once with JavaScript (htmx)
// and once without: register (a refused form first, its errors in place
// with what was typed and no password), the account page, log out, the
// account page sending a signed-out browser to log in and back, a wrong
// password, log in, and a password change that signs the other browser
// out. Screenshots go to the second argument.
import { closeAll, firstPage, launch } from "./launch.mjs";
import path from "node:path";

const [base, shots] = process.argv.slice(2);
if (!base || !base.startsWith("http://127.0.0.1:")) {
  console.error("usage: node auth.mjs http://127.0.0.1:PORT [SCREENSHOT_DIR]");
  process.exit(2);
}
const PASSWORD = "correct horse battery";
let step = "start";

async function expectText(locator, text, what) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 6000 }).catch(async () => {
    const seen = await locator.allInnerTexts().catch(() => []);
    throw new Error(`${what}: no ${JSON.stringify(text)} in ${JSON.stringify(seen)}`);
  });
}

async function run(js) {
  const mode = js ? "js" : "nojs";
  const email = `ada-${mode}@example.com`;
  const browser = await launch({ javaScriptEnabled: js });
  const page = await firstPage(browser, 8000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));

  step = `${mode}: a refused registration keeps what was typed`;
  await page.goto(base + "/register");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("");
  await page.getByLabel(/^Password/).fill("short");
  // The browser's own checks would stop the empty name: let the server
  // refuse it.
  await page.locator("#register").evaluate((f) => f.setAttribute("novalidate", ""));
  await page.getByRole("button", { name: "Create account" }).click();
  await expectText(page.locator("#register p"), "Enter a name", "name error");
  await expectText(page.locator("#register p"), "at least 12 characters", "password error");
  if ((await page.getByLabel("Email").inputValue()) !== email) throw new Error("the address typed is lost");
  if ((await page.getByLabel(/^Password/).inputValue()) !== "") throw new Error("a password came back");
  await page.screenshot({ path: path.join(shots ?? ".", `auth-register-errors-${mode}.png`) });

  step = `${mode}: registered, on the account page`;
  await page.getByLabel("Name").fill("Ada");
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(base + "/account");
  await expectText(page.locator("main [role=status]"), "your account is ready", "welcome");
  await expectText(page.locator("main dd"), email, "the address on the account page");
  await page.screenshot({ path: path.join(shots ?? ".", `auth-account-${mode}.png`) });

  step = `${mode}: log out`;
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await page.waitForURL(base + "/");
  await expectText(page.locator("main"), "Nobody is signed in", "signed out");

  step = `${mode}: the account page sends a stranger to log in, and back`;
  await page.goto(base + "/account");
  await page.waitForURL(base + "/login?next=%2Faccount");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Log in" }).click();
  await expectText(page.locator("#login [role=alert]"), "do not match", "wrong password");
  await page.screenshot({ path: path.join(shots ?? ".", `auth-login-error-${mode}.png`) });
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(base + "/account");
  await expectText(page.locator("main [role=status]"), "Welcome back, Ada", "welcome back");

  step = `${mode}: a password change signs the other browser out`;
  const other = await launch({ javaScriptEnabled: js });
  const phone = await firstPage(other, 8000);
  await phone.goto(base + "/login");
  await phone.getByLabel("Email").fill(email);
  await phone.getByLabel("Password").fill(PASSWORD);
  await phone.getByRole("button", { name: "Log in" }).click();
  await phone.waitForURL(base + "/account");
  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel(/^New password/).fill("an even longer passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expectText(page.locator("main [role=status]"), "other session was signed out", "password changed");
  await phone.goto(base + "/account");
  await phone.waitForURL(/\/login\?next=/);
  await page.screenshot({ path: path.join(shots ?? ".", `auth-password-changed-${mode}.png`) });
  if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
  console.log(`ok: auth ${js ? "with" : "without"} JavaScript`);
}

try {
  await run(true);
  await run(false);
} catch (e) {
  console.error(`failed at step "${step}": ${e.message}`);
  process.exitCode = 1;
} finally {
  await closeAll();
}
