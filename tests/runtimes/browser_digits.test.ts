// The browser demo's digits CNN (examples/browser/digits.ts) in Chromium: after the first demo it
// trains the CNN (2 epochs here, ?digitsEpochs=2), plots loss and validation accuracy, then a
// stroke drawn with the mouse on the pad gets a prediction. A screenshot goes to
// build/screenshots/demo_digits.png.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureDist, notOnNodeReason, repo } from "./support.ts";
import { CHROMIUM, withPage } from "./chromium.ts";

const skip = notOnNodeReason() ?? (existsSync(CHROMIUM) ? null : `${CHROMIUM} is absent (.ci/run installs chromium)`);

if (!skip) before(ensureDist, { timeout: 300_000 });

/** Pixels of a canvas close to a colour. */
function pixelsNear(page: any, id: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(([canvasId, [r, g, b]]: [string, [number, number, number]]) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40) n++;
    return n;
  }, [id, rgb]);
}

/** Drags the mouse through points given in pad fractions (0..1). */
async function stroke(page: any, box: { x: number; y: number; width: number; height: number }, points: [number, number][]) {
  const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

test("the digits CNN trains in chromium, then predicts a digit drawn with the mouse", { skip: skip ?? false, timeout: 280_000 }, async () => {
  await withPage("/?digitsEpochs=2", async (page, pageErrors) => {
    await page.waitForSelector("#digits-status[data-trained], #status[data-error]", { timeout: 240_000 });
    const status = await page.evaluate(() => ({ ...document.getElementById("status")!.dataset }));
    assert.equal(status.error, undefined, `the page failed: ${status.error}\n${pageErrors.join("\n")}`);
    const data = await page.evaluate(() => ({ ...document.getElementById("digits-status")!.dataset }));
    assert.deepEqual(pageErrors, []);
    assert.equal(Number(data.steps), 2 * 23);
    assert.ok(Number(data.lastLoss) < Number(data.firstLoss) / 4, `loss ${data.firstLoss} → ${data.lastLoss}`);
    const accs = JSON.parse(data.valAccs!) as number[];
    assert.equal(accs.length, 2);
    assert.ok(accs[1] > 0.85, `validation accuracy ${accs}`);
    assert.ok((await pixelsNear(page, "digits-loss", [0xc0, 0x39, 0x2b])) > 100, "no loss curve");
    assert.ok((await pixelsNear(page, "digits-acc", [0x1e, 0x84, 0x49])) > 50, "no accuracy curve");

    // a "7": a bar across the top, then a diagonal down to the bottom left
    const pad = page.locator("#pad");
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    await stroke(page, box, [[0.2, 0.15], [0.8, 0.15], [0.45, 0.9]]);
    await page.waitForSelector("#prediction[data-digit]", { timeout: 10_000 });
    const pred = await page.evaluate(() => ({ ...document.getElementById("prediction")!.dataset }));
    const digit = Number(pred.digit);
    assert.ok(Number.isInteger(digit) && digit >= 0 && digit <= 9);
    const probs = JSON.parse(pred.probs!) as number[];
    assert.equal(probs.length, 10);
    assert.ok(Math.abs(probs.reduce((s, p) => s + p, 0) - 1) < 1e-4);
    assert.equal(probs.indexOf(Math.max(...probs)), digit);
    // the 8×8 input is in the data set's range and has the stroke's shape: ink along the top row
    const pixels = JSON.parse(pred.pixels!) as number[];
    assert.equal(pixels.length, 64);
    assert.ok(pixels.every((v) => Number.isInteger(v) && v >= 0 && v <= 16));
    assert.ok(pixels.slice(0, 8).filter((v) => v > 4).length >= 4, `top row ${pixels.slice(0, 8)}`);
    assert.ok(pixels.slice(56, 64).some((v) => v > 4), `bottom row ${pixels.slice(56)}`);
    console.log(`# drew a 7, the CNN says ${digit} (p ${probs[digit].toFixed(3)})`);

    mkdirSync(join(repo, "build", "screenshots"), { recursive: true });
    await page.screenshot({ path: join(repo, "build", "screenshots", "demo_digits.png"), fullPage: true });

    await page.click("#clear");
    assert.equal(await page.evaluate(() => document.getElementById("prediction")!.dataset.digit), undefined);
  });
});
