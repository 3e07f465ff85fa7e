// Debian's Chromium through playwright-core, each browser with a fresh
// profile of its own, removed by `closeAll`.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const open = [];

/// A browser (a persistent context) with `options` (playwright's).
export async function launch(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hyperox-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    ...options,
  });
  open.push({ context, dir });
  return context;
}

/// The first page of `context`, with `timeout` as its default.
export async function firstPage(context, timeout) {
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(timeout);
  return page;
}

/// Closes every browser and removes its profile.
export async function closeAll() {
  for (const { context, dir } of open.splice(0)) {
    await context.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
