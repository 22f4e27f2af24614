// The browser demo (examples/browser/) in Chromium: it trains on the fulgur-wasm backend, the
// loss falls, the lr follows the OneCycle shape, and the plots are drawn. A screenshot goes to
// build/screenshots/demo.png.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureDist, notOnNodeReason, repo } from "./support.ts";
import { CHROMIUM, withPage } from "./chromium.ts";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (.ci/run installs chromium)`);

if (!skip) before(ensureDist, { timeout: 300_000 });

/** Pixels of a canvas that are neither white background nor transparent. */
function inkedPixels(page: any, id: string): Promise<number> {
  return page.evaluate((canvasId: string) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) n++;
    return n;
  }, id);
}

/** Pixels close to a colour (the series' stroke). */
function pixelsNear(page: any, id: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(([canvasId, [r, g, b]]: [string, [number, number, number]]) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40) n++;
    return n;
  }, [id, rgb]);
}

test("the demo trains in chromium and draws its plots", { skip: skip ?? false, timeout: 240_000 }, async () => {
  await withPage("/", async (page, pageErrors) => {
    await page.waitForSelector("#status[data-done], #status[data-error]", { timeout: 200_000 });
    const data = await page.evaluate(() => ({ ...document.getElementById("status")!.dataset }));
    assert.equal(data.error, undefined, `the page failed: ${data.error}\n${pageErrors.join("\n")}`);
    assert.deepEqual(pageErrors, []);
    assert.equal(data.backend, "fulgur-wasm");
    const steps = Number(data.steps);
    assert.equal(steps, 320);
    const first = Number(data.firstLoss);
    const last = Number(data.lastLoss);
    assert.ok(last < first / 3, `loss did not fall enough: ${first} → ${last}`);
    assert.ok(Number(data.accuracy) > 0.9, `training accuracy ${data.accuracy}`);
    // OneCycleLR: warms up to maxLr 0.05 (pct_start 0.3), then anneals far below the start.
    const lrs = JSON.parse(data.lrs!) as number[];
    assert.equal(lrs.length, steps);
    const peak = lrs.indexOf(Math.max(...lrs));
    assert.ok(Math.abs(peak - 0.3 * (steps - 1)) <= 2, `lr peaks at step ${peak}`);
    assert.ok(Math.abs(lrs[peak] - 0.05) < 1e-6);
    assert.ok(lrs.at(-1)! < lrs[0] / 100);

    // The series were stroked in their colours, and the region map covers its canvas.
    assert.ok((await pixelsNear(page, "loss", [0xc0, 0x39, 0x2b])) > 200, "no loss curve on the canvas");
    assert.ok((await pixelsNear(page, "lr", [0x24, 0x71, 0xa3])) > 200, "no lr curve on the canvas");
    assert.ok((await inkedPixels(page, "region")) > 240 * 200, "the decision region was not drawn");

    // The learning-rate finder ran on a fresh model and its SVG plot is on the page.
    await page.waitForSelector("#lrfind[data-done]", { timeout: 120_000 });
    const lf = await page.evaluate(() => ({
      ...document.getElementById("lrfind")!.dataset,
      svg: document.querySelectorAll("#lrfind svg").length,
      paths: document.querySelectorAll("#lrfind svg path, #lrfind svg polyline").length,
    }));
    assert.equal(lf.svg, 1, "no lr-finder plot");
    assert.ok(lf.paths >= 1, "the lr-finder plot has no curve");
    // 60 steps unless the divergence stop ended the search earlier; suggestion() skips the first 10
    assert.ok(Number(lf.tried) > 11 && Number(lf.tried) <= 60, `lr finder tried ${lf.tried} learning rates`);
    const suggested = Number(lf.suggestion);
    assert.ok(suggested > 1e-4 && suggested < 1, `lr suggestion ${lf.suggestion}`);

    mkdirSync(join(repo, "build", "screenshots"), { recursive: true });
    await page.screenshot({ path: join(repo, "build", "screenshots", "demo.png"), fullPage: true });
  });
});
