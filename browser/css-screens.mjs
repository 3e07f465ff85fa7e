// A page under two stylesheets, compared pixel by pixel: what a change to
// the generated CSS does to a real page. The page's own stylesheet
// (/assets/styles.*.css) is replaced by OLD, then by NEW; the text is
// drawn in one font for both (the font stack is the change people see
// everywhere, so it is held still to show what else moved), at 1280 and
// 375 px wide. Screenshots and the count of differing pixels go to OUT.
//
//   node css-screens.mjs URL OLD.css NEW.css OUT [NAME]
import fs from "node:fs";
import path from "node:path";
import { launch, firstPage, closeAll } from "./launch.mjs";

const [url, oldFile, newFile, out, name = "page"] = process.argv.slice(2);
const sheets = { old: fs.readFileSync(oldFile, "utf8"), new: fs.readFileSync(newFile, "utf8") };
const sameFont = "*, ::before, ::after { font-family: 'DejaVu Sans', sans-serif !important; }";
fs.mkdirSync(out, { recursive: true });

const context = await launch();
const page = await firstPage(context, 30_000);
let current = "old";
await page.route(/\/assets\/styles\.[^/]*css/, (route) =>
  route.fulfill({ status: 200, contentType: "text/css", body: sheets[current] + "\n" + sameFont }),
);

const shots = {};
for (const width of [1280, 375]) {
  for (const which of ["old", "new"]) {
    current = which;
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    const file = path.join(out, `${name}-${width}-${which}.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots[`${width}-${which}`] = fs.readFileSync(file).toString("base64");
  }
}

// Compared in the browser's own image decoder.
const results = {};
for (const width of [1280, 375]) {
  results[width] = await page.evaluate(
    async ([a, b]) => {
      const load = (data) =>
        new Promise((resolve) => {
          const img = new Image();
          img.onload = () => resolve(img);
          img.src = `data:image/png;base64,${data}`;
        });
      const [x, y] = await Promise.all([load(a), load(b)]);
      if (x.width !== y.width || x.height !== y.height) {
        return { sizes: [`${x.width}x${x.height}`, `${y.width}x${y.height}`] };
      }
      const pixels = (img) => {
        const c = document.createElement("canvas");
        c.width = img.width;
        c.height = img.height;
        const g = c.getContext("2d");
        g.drawImage(img, 0, 0);
        return g.getImageData(0, 0, img.width, img.height).data;
      };
      const p = pixels(x);
      const q = pixels(y);
      let differ = 0;
      const box = [Infinity, Infinity, -1, -1];
      const samples = [];
      for (let i = 0; i < p.length; i += 4) {
        if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) {
          differ++;
          const at = i / 4;
          const px = at % x.width;
          const py = Math.floor(at / x.width);
          box[0] = Math.min(box[0], px);
          box[1] = Math.min(box[1], py);
          box[2] = Math.max(box[2], px);
          box[3] = Math.max(box[3], py);
          if (samples.length < 6) samples.push(`(${px},${py}) ${p.slice(i, i + 3).join("/")} -> ${q.slice(i, i + 3).join("/")}`);
        }
      }
      return differ
        ? { size: `${x.width}x${x.height}`, differ, within: `x ${box[0]}-${box[2]}, y ${box[1]}-${box[3]}`, samples }
        : { size: `${x.width}x${x.height}`, differ };
    },
    [shots[`${width}-old`], shots[`${width}-new`]],
  );
}
await closeAll();
console.log(`${name}: ${JSON.stringify(results)}`);
