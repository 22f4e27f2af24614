// A tiny static server for the browser demo and the Chromium tests. It serves only
// examples/browser/ (at /), dist/ (at /dist/), examples/data/ (at /data/) and any extra roots a caller names, and
// listens on 127.0.0.1 only. Pages are cross-origin isolated (COOP same-origin + COEP
// require-corp), so SharedArrayBuffer exists and fulgur can run its thread pool there.
//
//   npm run demo                       build dist/ and the demo, then serve on :8080
//   node scripts/browser/serve.mjs [--build] [--port N]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(fileURLToPath(new URL("../..", import.meta.url)));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** URL prefix → folder (relative to the repository). Longest prefix wins. */
export const defaultRoots = { "/dist/": "dist", "/data/": "examples/data", "/": "examples/browser" };

function fileFor(urlPath, roots) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.endsWith("/")) path += "index.html";
  const prefix = Object.keys(roots).sort((a, b) => b.length - a.length).find((p) => path.startsWith(p));
  if (!prefix) return null;
  const root = resolve(repo, roots[prefix]);
  const file = resolve(root, "." + sep + path.slice(prefix.length));
  // No escaping the root through "..".
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** The headers that make a page cross-origin isolated (crossOriginIsolated === true). */
export const isolationHeaders = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
};

/**
 * Starts the server; port 0 picks a free one; isolated: false leaves out the isolation headers.
 * Resolves to { url, close() }.
 */
export function startServer({ port = 0, roots = defaultRoots, isolated = true } = {}) {
  const extra = isolated ? isolationHeaders : {};
  const server = createServer(async (req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? fileFor(new URL(req.url, "http://x").pathname, roots) : null;
    if (!file) {
      res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...extra });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${req.url}`);
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address();
      ok({ url: `http://127.0.0.1:${bound}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  process.chdir(repo);
  if (args.includes("--build")) {
    const { execFileSync } = await import("node:child_process");
    execFileSync(process.execPath, ["scripts/build.mjs", "--no-types", "--demo"], { stdio: "inherit" });
  }
  const i = args.indexOf("--port");
  const { url } = await startServer({ port: i >= 0 ? Number(args[i + 1]) : 8080 });
  console.log(`fulgur demo: ${url}  (cross-origin isolated: threads in workers; Ctrl-C stops)`);
}
