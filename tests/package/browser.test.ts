// The browser as users build it: the installed tarball bundled by esbuild into a page that trains
// in headless Chromium, and the bundle imported from a URL on another origin (as from a CDN),
// with no option and no fulgur.wasm beside it. Vite is not covered (not installed here).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { pathToFileURL } from "node:url";
import { consumer, ensureConsumer, notOnNodeReason, repo } from "./support.ts";
import { CHROMIUM, CHROMIUM_FLAGS } from "../../scripts/browser/chromium_flags.mjs";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent (.ci/run installs chromium)`);
const site = join(consumer, "site");

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

test("esbuild bundles the installed package into a page that trains in Chromium", { skip, timeout: 240_000 }, async () => {
  const { server, url } = await serve(site);
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
