// A chat page survives its server restarting: the stream reconnects
// (with backoff), the page reloads the messages it missed while the
// server was away, and sending goes on, all without a page load. The
// script runs the chat binary itself so that it can stop and start it:
// node chat-restart.mjs CHAT_BINARY DB_FILE PORT [SCREENSHOT_DIR].
//
// With --handoff, the chat runs under scripts/handoff.py and the restart
// is a handoff (SIGHUP: a new process takes the listening socket over,
// the old one ends its streams and exits): the page's stream moves to
// the new process and nothing is lost.
//
// With --dev, the chat runs in development, where a restart is a new
// build: the page's one stream is its live-reload stream too (no second
// connection), and the page reloads when the new server answers it.
import { closeAll, firstPage, launch } from "./launch.mjs";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dev = process.argv.includes("--dev");
const handoff = process.argv.includes("--handoff");
const [binary, db, port, shots] = process.argv.slice(2).filter((a) => a !== "--dev" && a !== "--handoff");
if (!binary || !db || !/^\d+$/.test(port ?? "")) {
  console.error("usage: node chat-restart.mjs [--dev] CHAT_BINARY DB_FILE PORT [SCREENSHOT_DIR]");
  process.exit(2);
}
if (shots) fs.mkdirSync(shots, { recursive: true });
const url = `http://127.0.0.1:${port}`;
const timeout = 8000;
const logs = [];
let server = null;
let step = "start";

/// Starts the chat and waits until it answers.
async function start() {
  const supervisor = new URL("../scripts/handoff.py", import.meta.url).pathname;
  const [program, args] = handoff
    ? ["python3", [supervisor, `127.0.0.1:${port}`, "--", binary]]
    : [binary, []];
  server = spawn(program, args, {
    env: {
      ...process.env,
      HOST: "127.0.0.1",
      PORT: port,
      CHAT_DB: db,
      HYPEROX_ENV: dev ? "development" : "production",
      HYPEROX_SECRET: "the restart test key, at least thirty-two characters",
      HYPEROX_LOG: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const until = Date.now() + 20000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the chat exited: ${server.exitCode}`);
    try {
      if ((await fetch(url + "/")).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the chat did not start");
}

/// Stops it (SIGTERM: its streams end as it shuts down) and waits.
async function stop() {
  const s = server;
  server = null;
  if (!s || s.exitCode !== null) return;
  const exited = new Promise((r) => s.once("exit", r));
  s.kill("SIGTERM");
  await exited;
}

async function person(name) {
  const b = await launch({ viewport: { width: 1000, height: 700 } });
  const page = await firstPage(b, timeout);
  page.on("console", (m) => logs.push(`${name}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`${name}: ${e}`));
  await page.goto(`${url}/rooms/general`);
  await page.locator("#name-form input[name=name]").fill(name);
  await Promise.all([page.waitForURL(`${url}/rooms/general`), page.locator("#name-form button").click()]);
  await listening(page);
  return page;
}

const listening = (page) => page.waitForFunction(() => document.querySelector("#chat-stream")?._htmx?.sse?.status === 200);

async function waitSaid(p, who, want) {
  try {
    await p.waitForFunction((w) => JSON.stringify([...document.querySelectorAll("#messages .message .body")].map((m) => m.textContent)) === JSON.stringify(w), want, { timeout });
  } catch (e) {
    const seen = await p.locator("#messages .message .body").allInnerTexts();
    throw new Error(`${who} should see ${JSON.stringify(want)}, sees ${JSON.stringify(seen)}`);
  }
}

async function send(p, text) {
  const field = p.locator("#compose input[name=body]");
  await field.fill(text);
  await field.press("Enter");
}

/// Development: one stream per tab, and a reload on a new server.
async function development() {
  step = "ada's page opens one stream";
  const streams = [];
  const b = await launch({ viewport: { width: 1000, height: 700 } });
  const ada = await firstPage(b, timeout);
  // The streams the room page opens (its requests name it as referrer;
  // the front page before it listens to the live-reload stream).
  ada.on("request", (r) => {
    const fromRoom = (r.headers()["referer"] ?? "").endsWith("/rooms/general");
    if (fromRoom && (r.url().includes("/events") || r.url().includes("/_hyperox/"))) streams.push(r.url());
  });
  ada.on("pageerror", (e) => logs.push(`ada: ${e}`));
  // The name first, on the front page (which has no stream of its own,
  // so it listens to the live-reload one).
  await ada.goto(`${url}/`);
  await ada.locator("#name-form input[name=name]").fill("Ada");
  await Promise.all([ada.waitForURL(`${url}/`), ada.locator("#name-form button").click()]);
  await ada.goto(`${url}/rooms/general`);
  await listening(ada);
  await send(ada, "before the new build");
  await waitSaid(ada, "ada", ["before the new build"]);
  if (streams.length !== 1 || !streams[0].endsWith("/_partials/rooms/general/events")) {
    throw new Error(`one stream, the room's, expected: ${JSON.stringify(streams)}`);
  }
  const boot = await ada.evaluate(() => document.querySelector('meta[name="hyperox-boot"]')?.content);
  if (!boot) throw new Error("no boot meta in development");

  step = "a new server: the page reloads from it";
  let loads = 0;
  ada.on("request", (r) => { if (r.resourceType() === "document") loads++; });
  await stop();
  await start();
  await ada.waitForFunction((old) => document.querySelector('meta[name="hyperox-boot"]')?.content !== old, boot, { timeout });
  if (loads !== 1) throw new Error(`one reload expected, saw ${loads}`);
  await listening(ada);
  await waitSaid(ada, "ada", ["before the new build"]);
  console.log("ok: one stream per tab reloads the page in development");
}

/// Production: the page lives on through the restart.
async function production() {
  step = "ada and bob chat";
  const ada = await person("Ada");
  const bob = await person("Bob");
  let loads = 0;
  ada.on("request", (r) => { if (r.resourceType() === "document") loads++; });
  // The page's stream, counted: failures and connections.
  await ada.evaluate(() => {
    window.streamErrors = 0;
    window.streamConnects = 0;
    document.addEventListener("htmx:sse:error", () => window.streamErrors++);
    document.addEventListener("htmx:sse:after:connection", () => window.streamConnects++);
  });
  await send(ada, "before the restart");
  await waitSaid(bob, "bob", ["before the restart"]);

  step = "the server restarts";
  if (handoff) {
    // The new process takes over; the old one ends ada's stream, which
    // reconnects to the new one.
    server.kill("SIGHUP");
  } else {
    await stop();
    await ada.waitForFunction(() => window.streamErrors > 0, null, { timeout });
    await start();
  }

  step = "bob sends at once, before ada's page is back";
  await send(bob, "while ada was away");
  await waitSaid(bob, "bob", ["before the restart", "while ada was away"]);

  step = "ada's page reconnects and shows what it missed";
  await ada.waitForFunction(() => window.streamConnects > 0, null, { timeout });
  await waitSaid(ada, "ada", ["before the restart", "while ada was away"]);

  step = "ada sends on the restarted server";
  await send(ada, "back again");
  await waitSaid(ada, "ada", ["before the restart", "while ada was away", "back again"]);
  await waitSaid(bob, "bob", ["before the restart", "while ada was away", "back again"]);
  if (loads !== 0) throw new Error(`ada's page was loaded again ${loads} times`);
  if (shots) await ada.screenshot({ path: path.join(shots, handoff ? "chat-after-handoff.png" : "chat-after-restart.png") });
  console.log(handoff ? "ok: a chat page survives a handoff" : "ok: a chat page survives a restart");
}

try {
  await start();
  await (dev ? development() : production());
} catch (e) {
  console.error(`failed at "${step}": ${e.message}`);
  console.error(logs.join("\n"));
  process.exitCode = 1;
} finally {
  await closeAll();
  await stop();
}
