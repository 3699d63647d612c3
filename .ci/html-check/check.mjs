// Checks HTML files the way the issue asks: the Nu HTML checker (vnu) for
// validity, and axe in headless Chromium for accessibility. Also keeps a
// screenshot of each first screen beside the file, for a person to look at.
// Usage: node check.mjs FILE.html ...   Exit code 1 on any error.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const vnu = path.join(path.dirname(require.resolve("vnu-jar/package.json")), "build", "dist", "vnu.jar");
const axePath = require.resolve("axe-core/axe.min.js");
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";

let failed = false;
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs FILE.html ...");
  process.exit(2);
}

for (const file of files) {
  const result = spawnSync("java", ["-jar", vnu, "--errors-only", "--format", "gnu", file], { encoding: "utf8" });
  if (result.status !== 0) {
    failed = true;
    console.error(`vnu: ${file} is not valid HTML:\n${result.stderr}${result.stdout}`);
  } else {
    console.log(`vnu: ${file}: no errors`);
  }
}

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"],
});
try {
  for (const file of files) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 1600 });
    await page.goto("file://" + path.resolve(file), { waitUntil: "load" });
    await page.addScriptTag({ path: axePath });
    const results = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
    );
    if (results.violations.length > 0) {
      failed = true;
      for (const v of results.violations) {
        console.error(`axe: ${file}: ${v.id} (${v.impact}): ${v.help}`);
        for (const node of v.nodes.slice(0, 5)) {
          console.error(`    ${node.target.join(" ")}: ${node.failureSummary.replace(/\n/g, " ")}`);
        }
      }
    } else {
      console.log(`axe: ${file}: no violations (${results.passes.length} rules passed)`);
    }
    await page.screenshot({ path: file.replace(/\.html$/, ".png") });
    // On a phone (390 pixels wide) nothing is cut off: the page itself never
    // scrolls sideways, and no table needs to (each row is a card there).
    await page.setViewport({ width: 390, height: 844 });
    const wide = await page.evaluate(() => {
      const page = document.documentElement.scrollWidth;
      const tables = [...document.querySelectorAll("table")];
      const clipped = tables.filter((t) => {
        const frame = t.closest(".table-wrap");
        return !frame || getComputedStyle(frame).overflowX === "hidden";
      }).length;
      // Every column on the screen: no table needs scrolling sideways.
      const scrolled = tables.filter((t) => {
        const frame = t.closest(".table-wrap");
        return frame && frame.scrollWidth > frame.clientWidth + 1;
      }).length;
      return { page, width: window.innerWidth, clipped, scrolled };
    });
    if (wide.page > wide.width + 1 || wide.clipped > 0 || wide.scrolled > 0) {
      failed = true;
      console.error(`phone: ${file}: ${wide.page} pixels wide in a ${wide.width}-pixel screen; ${wide.clipped} tables outside a scrolling frame; ${wide.scrolled} wider than the screen`);
    } else {
      console.log(`phone: ${file}: fits 390 pixels, every table on the screen`);
    }
    await page.screenshot({ path: file.replace(/\.html$/, "-phone.png") });
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
