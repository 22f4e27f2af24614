// The browser as users build it: the installed tarball bundled by esbuild, and built by Vite
// (`vite build` in a project of its own that npm-installed the packed tarball), into pages that
// train in headless Chromium, and the bundle imported from a URL on another origin (as from a
// CDN), with no option and no fulgur.wasm beside it.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { consumer, ensureConsumer, notOnNodeReason, repo, run, work } from "./support.ts";
import { CHROMIUM, CHROMIUM_FLAGS } from "../../scripts/browser/chromium_flags.mjs";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent (.ci/run installs chromium)`);
const site = join(consumer, "site");
/** The Vite user's project: its own package.json, the tarball npm-installed, vite run from the repo. */
const viteApp = join(work, "vite-consumer");

before(async () => {
  if (skip) return;
  await ensureConsumer();
  mkdirSync(site, { recursive: true });
  // esbuild as a user's build runs it: from the consumer project, resolving "fulgur" in node_modules.
  const esbuild = await import(pathToFileURL(join(repo, "node_modules", "esbuild", "lib", "main.js")).href);
  await esbuild.build({
    entryPoints: [join(consumer, "browser_main.ts")], bundle: true, format: "esm", platform: "browser",
    target: "es2022", outfile: join(site, "app.js"), absWorkingDir: consumer, logLevel: "error",
  });
  writeFileSync(join(site, "index.html"), '<!doctype html><body><script type="module" src="./app.js"></script></body>');
  // The Vite project: index.html + the same program, the package from the packed tarball (npm,
  // offline: it has no dependency to fetch), then a production `vite build` as `npx vite build` runs it.
  rmSync(viteApp, { recursive: true, force: true });
  cpSync(join(repo, "tests", "package", "consumer", "vite"), viteApp, { recursive: true });
  cpSync(join(consumer, "browser_main.ts"), join(viteApp, "browser_main.ts"));
  writeFileSync(join(viteApp, "package.json"), JSON.stringify({ name: "vite-consumer", private: true, type: "module" }, null, 2));
  const npm = run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", join(work, "fulgur.tgz")], viteApp);
  assert.equal(npm.status, 0, npm.stderr);
  const vite = run(process.execPath, [join(repo, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"], viteApp, 240_000);
  assert.equal(vite.status, 0, vite.stdout + vite.stderr);
}, { timeout: 300_000 });

function serve(root: string, headers: Record<string, string> = {}): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".map": "application/json" };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
    if (!file.startsWith(root) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", ...headers }).end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

async function trainInPage(url: string): Promise<{ steps?: string; loss?: string; error?: string; pageErrors: string[]; wasmRequests: string[] }> {
  const { chromium } = await import(pathToFileURL(join(repo, "node_modules", "playwright-core", "index.mjs")).href);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    const wasmRequests: string[] = [];
    page.on("pageerror", (e: Error) => pageErrors.push(String(e)));
    page.on("request", (r: { url(): string }) => { if (r.url().endsWith(".wasm")) wasmRequests.push(r.url()); });
    await page.goto(url);
    await page.waitForFunction(() => document.body?.dataset.steps ?? document.body?.dataset.error, null, { timeout: 120_000 });
    return { ...(await page.evaluate(() => ({ ...document.body.dataset }))), pageErrors, wasmRequests };
  } finally {
    await browser.close();
  }
}

/** Serves a built site; its page trains 6 steps to a finite loss, with no error and no .wasm request. */
async function assertTrainsInPage(dir: string): Promise<void> {
  const { server, url } = await serve(dir);
  try {
    const r = await trainInPage(url);
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(r.pageErrors, []);
    assert.equal(r.steps, "6");
    assert.ok(Number.isFinite(Number(r.loss)), r.loss);
    assert.deepEqual(r.wasmRequests, [], "fulgur.wasm is inlined: no request for it");
  } finally {
    server.close();
  }
}

test("esbuild bundles the installed package into a page that trains in Chromium", { skip, timeout: 240_000 }, async () => {
  await assertTrainsInPage(site);
});

test("vite build of the installed package: a page that trains in Chromium, WASM inlined, no webgpu package", { skip, timeout: 240_000 }, async () => {
  const out = join(viteApp, "dist");
  const files = readdirSync(join(out, "assets"));
  assert.deepEqual(files.filter((f) => !f.endsWith(".js")), [], "Vite emitted no .wasm (or other) asset: the module is inlined");
  const js = files.map((f) => readFileSync(join(out, "assets", f), "utf8")).join("\n");
  // the browser build: Node's Dawn binding (the `webgpu` package) is not referenced
  assert.doesNotMatch(js, /from\s*["']webgpu["']|import\(\s*["']webgpu["']\s*\)/);
  await assertTrainsInPage(out);
});

test("importing the bundle from another origin (a CDN URL) works with no option", { skip, timeout: 240_000 }, async () => {
  const cdn = await serve(join(consumer, "node_modules", "fulgur", "dist"), { "access-control-allow-origin": "*" });
  const page = await serve(site);
  try {
    const app = readFileSync(join(consumer, "browser_main.ts"), "utf8");
    const esbuild = await import(pathToFileURL(join(repo, "node_modules", "esbuild", "lib", "main.js")).href);
    // The same program, its "fulgur" import pointing at the CDN copy of the browser bundle.
    const { code } = await esbuild.transform(app.replace('from "fulgur"', `from "${cdn.url}fulgur.browser.mjs"`), { loader: "ts", format: "esm" });
    writeFileSync(join(site, "cdn.js"), code);
    writeFileSync(join(site, "cdn.html"), '<!doctype html><body><script type="module" src="./cdn.js"></script></body>');
    assert.notEqual(new URL(cdn.url).origin, new URL(page.url).origin);
    const r = await trainInPage(`${page.url}cdn.html`);
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(r.pageErrors, []);
    assert.equal(r.steps, "6");
  } finally {
    cdn.server.close();
    page.server.close();
  }
});
