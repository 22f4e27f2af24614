// Entry of the Chromium bundle of the hardening table (tests/browser/hardening_chromium.test.ts):
// fulgur's browser entry (fulgur-wasm, WASM inlined) and every row of table_rows.ts — none needs
// a file system; the test calls globalThis.fulgurTable.run() from page.evaluate.
import { init } from "../../ts/index.browser.ts";
import { setWarningSink } from "../../ts/index.ts";
import { ALL_ROWS, runTable } from "./table_rows.ts";

(globalThis as any).fulgurTable = {
  async run() {
    const backend = await init({ backend: "fulgur-wasm" });
    setWarningSink(() => {});
    const result = await runTable(ALL_ROWS);
    return { backend, names: ALL_ROWS.map(([name]) => name), ...result };
  },
};
