// Times demos/rows' operations in headless Chromium and in fcplayer, in one run, and prints
// op by op fcplayer's time, Chromium's time and their ratio.
//
//   cd benches/web && npm install && node bench.mjs [--reps 5] [--fcplayer ../../target/release/fcplayer]
//
// Both sides play demos/rows/bench.txt (one `tap #id` per operation), at the same logical size
// (375x667) and scale (2), both rendering in software: Chromium with --disable-gpu, fcplayer on
// wgpu's software adapter. A fresh browser and a fresh fcplayer process per repetition, the
// two taking turns (browser, player, browser, ...): a slow spell of a shared machine then falls
// on both rather than on whichever ran through it.
//
// Chromium's time per operation is measured from its trace the way js-framework-benchmark does:
// from the start of the click's EventDispatch to the end of the last main-thread Paint/Commit
// after it. `to_raster_ms` also waits for the last raster task and frame draw seen in the
// trace, which is closer to fcplayer's "GPU has finished the frame"; the ratio uses that one.
// Memory: fcplayer's own peak_rss_mib next to Chromium's, all its processes together: the
// largest sum of their proportional set sizes seen after a step, and (an upper bound) the sum
// of each process's peak resident set (VmHWM).

import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const reps = Number(opt("--reps", "5"));
const fcplayer = path.resolve(opt("--fcplayer", path.join(root, "target/release/fcplayer")));
const scenario = path.join(root, "demos/rows/bench.txt");

const steps = fs
  .readFileSync(scenario, "utf8")
  .split("\n")
  .map((l, i) => ({ line: i + 1, text: l.trim() }))
  .filter((l) => l.text && !l.text.startsWith("#"))
  .map((l) => {
    const m = /^tap\s+#([\w-]+)$/.exec(l.text);
    if (!m) throw new Error(`${scenario}:${l.line}: only \`tap #id\` steps are timed here`);
    return { line: l.line, step: l.text, id: m[1] };
  });

// A static server for the repository: the page loads demos/rows' own rows.js and the fonts.
const types = { ".html": "text/html", ".js": "text/javascript", ".ttf": "font/ttf" };
const server = http.createServer((req, res) => {
  const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/benches/web/index.html`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function childPids(pid) {
  let out = [];
  try {
    const kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/);
    for (const k of kids) if (k) out = out.concat([Number(k)], childPids(Number(k)));
  } catch {}
  return out;
}
function peakRssMib(pids) {
  let kib = 0;
  for (const pid of pids) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) kib += Number(m[1]);
    } catch {}
  }
  return kib / 1024;
}

// Proportional set size: shared pages split between the processes that map them, so the sum
// over Chromium's processes does not count its shared libraries several times.
function pssMib(pids) {
  let kib = 0;
  for (const pid of pids) {
    try {
      const m = /Pss:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
      if (m) kib += Number(m[1]);
    } catch {}
  }
  return kib / 1024;
}

function timeFromTrace(buffer) {
  const events = JSON.parse(buffer.toString()).traceEvents || [];
  const click = events.find((e) => e.name === "EventDispatch" && e.args?.data?.type === "click");
  if (!click) throw new Error("no click in the trace");
  const start = click.ts;
  let toPaint = 0;
  let toRaster = 0;
  for (const e of events) {
    if (e.ts < start || e.ph !== "X") continue;
    const end = (e.ts + (e.dur || 0) - start) / 1000;
    if (e.name === "Paint" || e.name === "Commit") toPaint = Math.max(toPaint, end);
    if (["Paint", "Commit", "RasterTask", "Display::DrawAndSwap", "DirectRenderer::DrawFrame"].includes(e.name))
      toRaster = Math.max(toRaster, end);
  }
  return { toPaint, toRaster };
}

async function chromiumRun() {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2 });
  const t0 = Date.now();
  await page.goto(url);
  await page.evaluate(() => document.fonts.ready);
  const firstFrame = Date.now() - t0;
  const times = [];
  let pss = 0;
  for (const s of steps) {
    // Settle: two animation frames, then a quiet moment, like fcplayer's `wait idle`.
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))),
    );
    await browser.startTracing(page, {
      categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "cc", "viz"],
    });
    await page.click(`#${s.id}`);
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))),
    );
    times.push(timeFromTrace(await browser.stopTracing()));
    pss = Math.max(pss, pssMib(childPids(process.pid)));
  }
  // playwright-core starts Chromium as this process's child: every descendant is Chromium's.
  const rss = peakRssMib(childPids(process.pid));
  await browser.close();
  return { times, rss, pss, firstFrame };
}

// One fcplayer process per repetition, as Chromium gets a fresh browser: `bench --reps N`
// would run N apps in one process, the later ones on memory the earlier ones freed.
const haveFc = fs.existsSync(fcplayer);
if (!haveFc) {
  console.error(`${fcplayer} not found: build it with \`cargo build --release -p fcplayer\`; Chromium only`);
}
function fcplayerRun() {
  const out = execFileSync(
    fcplayer,
    ["bench", path.join(root, "demos/rows"), "--scenario", scenario, "--reps", "1", "--json"],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(out.trim().split("\n").pop());
}

const web = [];
const fcRuns = [];
for (let r = 0; r < reps; r++) {
  web.push(await chromiumRun());
  if (haveFc) fcRuns.push(fcplayerRun());
}
server.close();
const fc = haveFc
  ? {
      steps: steps.map((_, i) => ({ median_ms: median(fcRuns.map((f) => f.steps[i].median_ms)) })),
      peak_rss_mib: Math.max(...fcRuns.map((f) => f.peak_rss_mib)),
      first_frame_ms: median(fcRuns.map((f) => f.first_frame_ms)),
    }
  : null;

const pad = (s, n) => String(s).padEnd(n);
const num = (x) => (Number.isFinite(x) ? x.toFixed(1) : "-");
console.log(`reps ${reps}; medians in ms; ratio = fcplayer / Chromium (to raster)`);
console.log(pad("step", 16) + pad("fcplayer", 10) + pad("chromium", 10) + pad("(to paint)", 12) + "ratio");
steps.forEach((s, i) => {
  const raster = median(web.map((w) => w.times[i].toRaster));
  const paint = median(web.map((w) => w.times[i].toPaint));
  const mine = fc?.steps?.[i]?.median_ms;
  console.log(
    pad(s.step, 16) + pad(num(mine), 10) + pad(num(raster), 10) + pad(num(paint), 12) +
      (mine !== undefined ? (mine / raster).toFixed(2) : "-"),
  );
});
const webRss = Math.max(...web.map((w) => w.rss));
const webPss = Math.max(...web.map((w) => w.pss));
console.log(
  `peak memory MiB: fcplayer ${num(fc?.peak_rss_mib)} (peak RSS); chromium, all processes: ` +
    `${num(webPss)} (largest PSS sum after a step), ${num(webRss)} (sum of peak RSS, counts shared pages once per process)`,
);
console.log(
  `first frame ms: fcplayer ${num(fc?.first_frame_ms)}, chromium (navigation to fonts ready) ${num(median(web.map((w) => w.firstFrame)))}`,
);
