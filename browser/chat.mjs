// Two people chatting in two Chromium browsers: each sees the other's
// messages as they are sent, who is in the room, and nothing of a room
// they are not in. The first argument is Ada's server, the second Bob's
// (the same chat, or another instance on the same database and Redis);
// a screenshot folder may follow.
import { closeAll, firstPage, launch } from "./launch.mjs";
import fs from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const urls = args.filter((a) => a.startsWith("http"));
const shots = args.find((a) => !a.startsWith("http"));
const [urlA, urlB = urlA] = urls;
if (!urlA || ![urlA, urlB].every((u) => u.startsWith("http://127.0.0.1:"))) {
  console.error("usage: node chat.mjs http://127.0.0.1:PORT [http://127.0.0.1:PORT2] [SCREENSHOT_DIR]");
  process.exit(2);
}
if (shots) fs.mkdirSync(shots, { recursive: true });

const timeout = 6000;
const logs = [];
let step = "start";

/// A browser at `url` that chose `name` and opened room `room`.
async function person(url, name, room) {
  const b = await launch({ viewport: { width: 1000, height: 700 } });
  const page = await firstPage(b, timeout);
  page.on("console", (m) => logs.push(`${name}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`${name}: ${e}`));
  page.on("response", (r) => {
    if (r.status() >= 400) logs.push(`${name}: ${r.status()} ${r.url()}`);
    if (r.url().endsWith("/events")) streamHeaders.push(r.headers());
  });
  await page.goto(`${url}/rooms/${room}`);
  await page.locator("#name-form input[name=name]").fill(name);
  await Promise.all([page.waitForURL(`${url}/rooms/${room}`), page.locator("#name-form button").click()]);
  await listening(page, name);
  return page;
}

/// The room stream's answer headers, from the page's requests.
const streamHeaders = [];

/// Waits until the page's stream is open.
async function listening(page, who) {
  try {
    await page.waitForFunction(() => document.querySelector("#chat-stream")?._htmx?.sse?.status === 200);
  } catch (e) {
    throw new Error(`${who}: no open stream; ${JSON.stringify(logs)}`);
  }
}

const said = (p) => p.locator("#messages .message").evaluateAll((ms) => ms.map((m) => `${m.querySelector(".author").textContent}: ${m.querySelector(".body").textContent}`));

async function waitSaid(p, who, want) {
  try {
    await p.waitForFunction((w) => JSON.stringify([...document.querySelectorAll("#messages .message")].map((m) => `${m.querySelector(".author").textContent}: ${m.querySelector(".body").textContent}`)) === JSON.stringify(w), want, { timeout });
  } catch (e) {
    throw new Error(`${who} should see ${JSON.stringify(want)}, sees ${JSON.stringify(await said(p))}`);
  }
}

async function waitHere(p, who, want) {
  try {
    await p.waitForFunction((w) => JSON.stringify([...document.querySelectorAll("#members .member")].map((m) => m.textContent)) === JSON.stringify(w), want, { timeout });
  } catch (e) {
    const here = await p.locator("#members .member").allInnerTexts();
    throw new Error(`${who} should see ${JSON.stringify(want)} here, sees ${JSON.stringify(here)}`);
  }
}

async function send(p, text) {
  const field = p.locator("#compose input[name=body]");
  await field.fill(text);
  await field.press("Enter");
}

try {
  step = "both open #general under their names";
  const ada = await person(urlA, "Ada", "general");
  const bob = await person(urlB, "Bob", "general");
  await waitHere(ada, "ada", ["Ada", "Bob"]);
  await waitHere(bob, "bob", ["Ada", "Bob"]);
  if (!streamHeaders.length || !streamHeaders.every((h) => h["content-encoding"] === "gzip")) {
    throw new Error(`the streams are not compressed: ${JSON.stringify(streamHeaders)}`);
  }

  step = "ada says hello; both see it, her field is cleared";
  await send(ada, "Hello Bob <b>!</b>");
  await waitSaid(bob, "bob", ["Ada: Hello Bob <b>!</b>"]);
  await waitSaid(ada, "ada", ["Ada: Hello Bob <b>!</b>"]);
  // The message can arrive over the stream before the answer to the post
  // that empties the field: wait for that answer.
  try {
    await ada.waitForFunction(() => document.querySelector("#compose input[name=body]").value === "", null, { timeout });
  } catch (e) {
    throw new Error("ada's field keeps what she sent");
  }
  if ((await bob.locator("#messages b").count()) !== 0) throw new Error("a message's HTML was not escaped");

  step = "the empty-room notice is gone";
  for (const [who, p] of [["ada", ada], ["bob", bob]]) {
    if (await p.locator("#messages .empty").isVisible()) throw new Error(`${who} still sees "No messages yet"`);
  }

  step = "bob answers; the order is the same on both";
  await send(bob, "Hi Ada");
  await send(ada, "How are you?");
  const want = ["Ada: Hello Bob <b>!</b>", "Bob: Hi Ada", "Ada: How are you?"];
  await waitSaid(ada, "ada", want);
  await waitSaid(bob, "bob", want);

  step = "a long conversation scrolls, the newest message in view";
  // As a person types: each line once the one before was sent (its field
  // emptied by the answer).
  for (let i = 1; i <= 12; i++) {
    await send(ada, `line ${i}`);
    await ada.waitForFunction(() => document.querySelector("#compose input[name=body]").value === "", null, { timeout });
  }
  await waitSaid(bob, "bob", [...want, ...Array.from({ length: 12 }, (_, i) => `Ada: line ${i + 1}`)]);
  const inView = await bob.locator("#messages .message").last().evaluate((el) => {
    const box = el.closest(".overflow-y-auto").getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return box.height < window.innerHeight && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  });
  if (!inView) throw new Error("the newest message is out of view");
  want.push(...Array.from({ length: 12 }, (_, i) => `Ada: line ${i + 1}`));

  step = "an empty message is refused where it was typed";
  await send(bob, "   ");
  await bob.locator("#compose-error", { hasText: "Write something first." }).waitFor();
  await waitSaid(bob, "bob", want);
  if (shots) await bob.screenshot({ path: path.join(shots, "chat-bob.png") });

  step = "ada makes #rust and goes there; bob sees her leave #general";
  await ada.locator("#room-form input[name=room]").fill("rust");
  await Promise.all([ada.waitForURL(`${urlA}/rooms/rust`), ada.locator("#room-form button").click()]);
  await listening(ada, "ada");
  await waitHere(bob, "bob", ["Bob"]);
  await waitSaid(ada, "ada in #rust", []);
  if (!(await ada.locator("#messages .empty").isVisible())) throw new Error("an empty room says nothing");

  step = "what is said in #rust stays there";
  await send(ada, "Only in rust");
  await waitSaid(ada, "ada in #rust", ["Ada: Only in rust"]);
  await send(bob, "Still in general");
  await waitSaid(bob, "bob", [...want, "Bob: Still in general"]);
  await waitSaid(ada, "ada in #rust", ["Ada: Only in rust"]);
  if (shots) await ada.screenshot({ path: path.join(shots, "chat-ada.png") });

  console.log(`ok: chat on ${urlA === urlB ? "one instance" : "two instances"}`);
} catch (e) {
  console.error(`failed at "${step}": ${e.message}`);
  console.error(logs.join("\n"));
  process.exitCode = 1;
} finally {
  await closeAll();
}
