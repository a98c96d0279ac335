// report.html as a planner uses it (issue 24 items 3 and 7), in a real headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core), offline:
//   * clicking a 批而未供 piece on the map shows its rows: the batch (批次编号, found in
//     unsupplied.csv) and its clause (依据, the CSV's text for that batch);
//   * clicking a 低效 parcel shows its rule, measured value, threshold and clause;
//   * the 镇街 filter dims every shape of another township and keeps that township's row only;
//   * the search box finds a parcel by its 宗地代码 and shows its rows;
//   * a click on a column header sorts the table; the wheel zooms the map (viewBox changes);
//   * no console error, no request outside the file.
//   node check_interactive.mjs REPORT.html OUT_DIR
import { readFileSync } from "node:fs";
import { resolve, join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [report, outDir] = process.argv.slice(2);
if (!report || !outDir) { console.error("usage: node check_interactive.mjs REPORT.html OUT_DIR"); process.exit(2); }
const csv = (name) => {
  const text = readFileSync(join(outDir, name), "utf8").replace(/^\uFEFF/, "");
  const rows = [];
  for (const line of text.split("\r\n")) {
    if (!line) continue;
    const cells = []; let cur = "", q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (q) { if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch; }
      else if (ch === '"') q = true; else if (ch === ",") { cells.push(cur); cur = ""; } else cur += ch;
    }
    cells.push(cur); rows.push(cells);
  }
  const head = rows.shift();
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
};
const problems = [];
const info = {};
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors = [], external = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const url = pathToFileURL(resolve(report)).href;
  await page.route("**/*", (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith("data:")) return route.continue();
    external.push(u); return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });

  // Click a shape of a category: the first of its paths that takes the click itself.
  async function clickEntry(cat) {
    const paths = page.locator(`#cat-${cat} path[data-i]`);
    const n = await paths.count();
    for (let k = 0; k < n && k < 60; k++) {
      try { await paths.nth(k).click({ timeout: 500 }); } catch { continue; }
      const shown = await page.$eval("#feature-panel", (p) => !p.hidden && p.getAttribute("data-category"));
      if (shown === cat) return k;
    }
    return -1;
  }
  // 1. A 批而未供 piece: its batch and clause.
  const unsupplied = csv("unsupplied.csv");
  if (await clickEntry("unsupplied") < 0) problems.push("no 批而未供 piece on the map takes a click");
  else {
    const text = await page.$eval("#feature-panel", (p) => p.textContent);
    const batch = unsupplied.find((r) => text.includes(r["批次编号"]));
    if (!batch) problems.push(`the panel names no batch of unsupplied.csv: ${text.slice(0, 200)}`);
    else if (!text.includes(batch["依据"].slice(0, 30))) problems.push(`the panel lacks the batch's clause «${batch["依据"].slice(0, 30)}»`);
    else info.unsupplied_clicked = batch["批次编号"];
  }
  // 2. A 低效 parcel (one row): its failed rules, the reasons (measured against threshold), the clauses.
  if (await clickEntry("inefficient") < 0) problems.push("no 低效 parcel on the map takes a click");
  else {
    const heads = await page.$$eval("#feature-panel th", (ths) => ths.map((t) => t.textContent));
    for (const h of ["宗地代码", "不达标规则", "主要原因", "依据"])
      if (!heads.includes(h)) problems.push(`the 低效 panel has no column ${h}: ${heads.join(",")}`);
    info.inefficient_columns = heads.length;
  }
  // 3. The 镇街 filter.
  const towns = await page.$$eval("#town-filter option", (os) => os.map((o) => o.value).filter(Boolean));
  if (!towns.length) problems.push("no 镇街 in the filter");
  else {
    const t = towns[0];
    await page.selectOption("#town-filter", t);
    const r = await page.$$eval("#county-map path[data-i]", (ps, t) => ({
      shown: ps.filter((p) => !p.classList.contains("dim")).map((p) => p.getAttribute("data-town")),
      dimmed: ps.filter((p) => p.classList.contains("dim")).length }), t);
    if (!r.shown.length || r.shown.some((x) => x !== t) || !r.dimmed) problems.push(`镇街 filter ${t}: shown ${r.shown.length} (others ${r.shown.filter((x) => x !== t).length}), dimmed ${r.dimmed}`);
    const rows = await page.$$eval("table.towns tbody tr", (trs) => trs.filter((tr) => tr.style.display !== "none").map((tr) => tr.cells[0].textContent));
    if (!rows.length || rows.some((x) => x !== t)) problems.push(`镇街 filter ${t}: township tables show ${rows.join(",")}`);
    info.town_filter = { town: t, shown: r.shown.length, dimmed: r.dimmed };
    await page.selectOption("#town-filter", "");
  }
  // 4. Search by a parcel id.
  const ineff = csv("inefficient.csv");
  const id = ineff[Math.floor(ineff.length / 2)]["宗地代码"];
  await page.fill("#search-box", id);
  const found = await page.$eval("#search-result", (s) => s.textContent);
  const panelText = await page.$eval("#feature-panel", (p) => p.textContent);
  if (!/^[1-9]/.test(found) || !panelText.includes(id)) problems.push(`search ${id}: «${found}», panel ${panelText.slice(0, 80)}`);
  // 5. Sorting: the 数量 column of the first table by 镇街, descending after two clicks.
  const th = page.locator("table.towns").first().locator("thead th").nth(1);
  await th.click(); await th.click();
  const counts = await page.locator("table.towns").first().locator("tbody tr td:nth-child(2)").allTextContents();
  const nums = counts.map((x) => +x.replace(/,/g, ""));
  if (nums.length < 2 || nums.some((v, i) => i && v > nums[i - 1])) problems.push(`sorting: ${counts.join(",")}`);
  // 6. Zoom.
  const before = await page.$eval("#county-map", (s) => s.getAttribute("viewBox"));
  await page.locator("#county-map").scrollIntoViewIfNeeded();
  const box = await page.locator("#county-map").boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(100);
  const after = await page.$eval("#county-map", (s) => s.getAttribute("viewBox"));
  if (before === after) problems.push("the wheel does not zoom the map");
  // Chinese text shows as glyphs, not as boxes (a machine without a CJK font draws every
  // character as the same box): two different Chinese strings of the report, drawn alike, must
  // differ pixel by pixel, and each must differ from a row of one repeated character.
  const shots = [];
  for (const t of ["分布图", "清单汇", "口口口"]) {   // one at a time, at the same place
    await page.evaluate((t) => { const d = document.createElement("div"); d.id = "glyph-probe"; d.textContent = t;
      d.style.cssText = "position:fixed;left:0;top:0;font-size:32px;background:#fff;color:#000;padding:4px;z-index:99;width:300px";
      document.body.appendChild(d); }, t);
    shots.push(await page.locator("#glyph-probe").screenshot());
    await page.evaluate(() => document.getElementById("glyph-probe").remove());
  }
  const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
  const bytes = shots.map((b) => Array.from(b));
  if (same(bytes[0], bytes[1]) || same(bytes[0], bytes[2])) problems.push("Chinese text renders as identical boxes: no CJK font (apt-get install fonts-noto-cjk)");
  info.cjk_glyphs_differ = !same(bytes[0], bytes[1]);
  if (errors.length) problems.push(`console: ${errors.join(" | ")}`);
  if (external.length) problems.push(`requests outside the file: ${external.join(", ")}`);
  console.log(JSON.stringify(info));
} finally {
  await browser.close();
}
for (const p of problems) console.log(`FAIL ${report}: ${p}`);
process.exit(problems.length ? 1 : 0);
