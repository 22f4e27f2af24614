// Entry of the Chromium harness bundle: fulgur's browser entry (fulgur-wasm, WASM inlined) and
// the sections; the test calls globalThis.fulgurHarness.run(names) from page.evaluate.
import { init } from "../../../ts/index.browser.ts";
import { runSections } from "./sections.ts";

(globalThis as any).fulgurHarness = {
  async run(names?: string[]) {
    const backend = await init({ backend: "fulgur-wasm" });
    return { backend, ...(await runSections(names)) };
  },
};
