// Opens report.html in a real headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core; no browser download) and checks what a planner would see:
//   * the page loads from file:// with no console error, no page error and no request
//     leaving the file (the report must open offline: every request other than the file
//     itself and data: URLs is counted and fails the check);
//   * the map is drawn: a screenshot of #county-map, decoded with png.mjs, has enough pixels in
//     each category colour listed in styles/categories.json that the report's legend shows
//     (the fill blended over the map background at the drawn opacity, within a tolerance), and
//     is not blank (non-background pixels);
//   * a negative control: the same counting on a blank page finds nothing (so the check can fail).
//   node check_report.mjs REPORT.html STYLES.json [SCREENSHOT.png]
// Prints one JSON line of measurements; exit 0 when all checks pass, 1 otherwise.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { readPng } from "./png.mjs";

const [report, stylesFile, shot] = process.argv.slice(2);
if (!report || !stylesFile) { console.error("usage: node check_report.mjs REPORT.html STYLES.json [SHOT.png]"); process.exit(2); }
const styles = JSON.parse(readFileSync(stylesFile, "utf8"));
const exe = process.env.CHROMIUM || "/usr/bin/chromium";

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const blend = (fg, bg, a) => fg.map((c, i) => Math.round(a * c + (1 - a) * bg[i]));
const near = (p, q, tol) => Math.abs(p[0] - q[0]) <= tol && Math.abs(p[1] - q[1]) <= tol && Math.abs(p[2] - q[2]) <= tol;

function count(png, targets) {
  const counts = Object.fromEntries(Object.keys(targets).map((k) => [k, 0]));
  let nonWhite = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const p = png.pixel(x, y);
      if (p[0] < 245 || p[1] < 245 || p[2] < 245) nonWhite++;
      for (const [k, t] of Object.entries(targets)) if (near(p, t, 18)) counts[k]++;
    }
  }
  return { counts, nonWhite, total: png.width * png.height };
}

const problems = [];
const browser = await chromium.launch({
  executablePath: exe,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  const consoleErrors = [], pageErrors = [], external = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  const url = pathToFileURL(resolve(report)).href;
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith("data:")) return route.continue();
    external.push(u);
    return route.abort();
  });
  const resp = await page.goto(url, { waitUntil: "load" });
  if (!resp) problems.push("no response for the report");
  await page.waitForTimeout(200);
  if (consoleErrors.length) problems.push(`console: ${consoleErrors.join(" | ")}`);
  if (pageErrors.length) problems.push(`page errors: ${pageErrors.join(" | ")}`);
  if (external.length) problems.push(`requests outside the file: ${external.join(", ")}`);

  const map = await page.$("#county-map");
  const legendIds = await page.$$eval("#county-map g[id^=cat-]", (gs) => gs.map((g) => g.id.slice(4)));
  const info = { legend: legendIds };
  if (!map) {
    problems.push("no #county-map in the page");
  } else {
    const png = readPng(await map.screenshot(shot ? { path: shot } : {}));
    const bg = hex("#eeeeea");  // township fill under the categories (html.cpp)
    const targets = {};
    for (const c of styles.categories) {
      if (!legendIds.includes(c.id)) continue;
      targets[c.id] = blend(hex(c.fill), bg, Math.max(c["fill-opacity"], 0.7));
    }
    const m = count(png, targets);
    Object.assign(info, { width: png.width, height: png.height, ...m });
    if (m.nonWhite < 0.05 * m.total) problems.push(`map looks blank: ${m.nonWhite} of ${m.total} pixels not white`);
    for (const [k, n] of Object.entries(m.counts)) if (n < 20) problems.push(`category ${k}: only ${n} pixels of its colour on the map`);
    if (legendIds.length === 0) problems.push("no category drawn on the map");
  }
  // Chart labels are never clipped (issue 24: «R22 投而未达标（投资未达合同约定）» read
  // «达标（投资未达合同约定）»): every text of every chart lies inside its SVG, as rendered.
  const clipped = await page.$$eval("figure.chart svg", (svgs) => {
    const out = [];
    for (const svg of svgs) {
      const box = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll("text")) {
        const r = t.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
          out.push(`${svg.parentElement.id}: «${t.textContent}» [${Math.round(r.left - box.left)}, ${Math.round(r.right - box.left)}] of ${Math.round(box.width)} px`);
      }
    }
    return out;
  });
  info.chart_texts_clipped = clipped.length;
  if (clipped.length) problems.push(`chart text outside its chart: ${clipped.slice(0, 5).join(" | ")}`);
  // Negative control: a blank page of the same size has none of these colours.
  const blank = await browser.newPage({ viewport: { width: 400, height: 300 } });
  await blank.setContent("<html><body style='background:#fff'></body></html>");
  const bpng = readPng(await blank.screenshot());
  const bm = count(bpng, { any: hex(styles.categories[0].fill) });
  if (bm.nonWhite !== 0 || bm.counts.any !== 0) problems.push("negative control failed: a blank page counted as drawn");
  info.title = await page.title();
  info.lang = await page.$eval("html", (h) => h.lang);
  console.log(JSON.stringify(info));
} finally {
  await browser.close();   // playwright made and removes its own throwaway profile
}
for (const p of problems) console.log(`FAIL ${report}: ${p}`);
process.exit(problems.length ? 1 : 0);
