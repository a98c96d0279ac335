// Checks tenglong's GeoJSON outputs against RFC 7946 and the map conventions of styles/.
//   node check_geojson.mjs [--style] FILE...
// 1. @placemarkio/check-geojson (an independent, maintained validator; successor of
//    geojsonhint) must report no issue;
// 2. what that validator leaves out, checked here from the text and the parsed object:
//    no `crs` member (RFC 7946 §4), lon/lat ranges, at most 7 decimals in every coordinate
//    (tenglong's documented precision), exterior rings counter-clockwise and holes clockwise
//    (RFC 7946 §3.1.6), closed rings with at least 4 positions;
// 3. with --style: every feature has `category` and simplestyle properties (title,
//    description, fill/stroke as #rrggbb, fill-opacity in [0,1], stroke-width >= 0).
// Exit 0 when every file passes; 1 with one line per problem otherwise.
import { readFileSync } from "node:fs";
import { getIssues } from "@placemarkio/check-geojson";

const args = process.argv.slice(2);
const style = args.includes("--style");
const files = args.filter((a) => a !== "--style");
if (files.length === 0) {
  console.error("usage: node check_geojson.mjs [--style] FILE...");
  process.exit(2);
}

let problems = 0;
const fail = (file, msg) => {
  problems++;
  console.log(`${file}: ${msg}`);
};

// Shoelace: > 0 for counter-clockwise rings in lon/lat (x east, y north).
const signedArea = (ring) => {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return a / 2;
};

function checkPolygon(file, where, rings) {
  rings.forEach((ring, k) => {
    if (ring.length < 4) fail(file, `${where} ring ${k}: fewer than 4 positions`);
    const [a, b] = [ring[0], ring[ring.length - 1]];
    if (a[0] !== b[0] || a[1] !== b[1]) fail(file, `${where} ring ${k}: not closed`);
    const s = signedArea(ring);
    if (k === 0 && !(s > 0)) fail(file, `${where}: exterior ring is not counter-clockwise (signed area ${s})`);
    if (k > 0 && !(s < 0)) fail(file, `${where}: hole ${k} is not clockwise (signed area ${s})`);
  });
}

function positions(g, out) {
  if (!g) return out;
  if (g.type === "GeometryCollection") g.geometries.forEach((x) => positions(x, out));
  else (function walk(c) { typeof c[0] === "number" ? out.push(c) : c.forEach(walk); })(g.coordinates);
  return out;
}

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const issues = getIssues(text);
  for (const i of issues) fail(file, `check-geojson: ${i.message} (line ${i.from ?? "?"})`);
  const gj = JSON.parse(text);
  if ("crs" in gj) fail(file, "has a crs member (RFC 7946 §4: none)");
  if (gj.type !== "FeatureCollection") fail(file, "not a FeatureCollection");
  // Precision: no number in a coordinates array with more than 7 decimals.
  for (const m of text.matchAll(/"coordinates":\s*(\[[^A-Za-z"]*\])/g)) {
    for (const n of m[1].matchAll(/-?\d+\.(\d+)/g)) {
      if (n[1].length > 7) { fail(file, `coordinate ${n[0]} has more than 7 decimals`); break; }
    }
  }
  (gj.features || []).forEach((f, i) => {
    const where = `feature ${i}`;
    const g = f.geometry;
    for (const p of positions(g, [])) {
      if (!(p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90)) { fail(file, `${where}: position ${p} is not lon/lat`); break; }
    }
    if (g && g.type === "Polygon") checkPolygon(file, where, g.coordinates);
    if (g && g.type === "MultiPolygon") g.coordinates.forEach((p, k) => checkPolygon(file, `${where} part ${k}`, p));
    if (style) {
      const p = f.properties || {};
      if (typeof p.category !== "string" || !p.category) fail(file, `${where}: no category`);
      if (typeof p.title !== "string" || !p.title) fail(file, `${where}: no title`);
      if (typeof p.description !== "string") fail(file, `${where}: no description`);
      for (const k of ["fill", "stroke"]) if (!/^#[0-9a-fA-F]{6}$/.test(p[k] ?? "")) fail(file, `${where}: ${k} ${p[k]} is not #rrggbb`);
      if (!(p["fill-opacity"] >= 0 && p["fill-opacity"] <= 1)) fail(file, `${where}: fill-opacity ${p["fill-opacity"]}`);
      if (!(p["stroke-width"] >= 0)) fail(file, `${where}: stroke-width ${p["stroke-width"]}`);
    }
  });
  if (problems === 0) console.log(`${file}: ok (${(gj.features || []).length} features)`);
}
process.exit(problems ? 1 : 0);
