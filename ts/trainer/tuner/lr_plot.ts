// `LRFinderResult.plot()`: loss against lr as a standalone SVG string (log x-axis in exponential
// mode, as Lightning's matplotlib plot), the suggestion marked with a red dot. Pure string work, so
// the browser demo can show it and Node/Deno/Bun can write it to a file.

/** The lr finder plot's options: size, log scale, the suggestion marked. */
export interface PlotOptions {
  /** Mark the suggested lr (default true). */
  suggest?: boolean;
  width?: number;
  height?: number;
  /** Log scale on the lr axis (default: exponential mode). */
  logX?: boolean;
}

const fmt = (v: number): string => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(Number(v.toPrecision(3))) : v.toExponential(1));
const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

export function lrLossSvg(lrs: number[], losses: number[], suggestionIdx: number | null, opts: PlotOptions & { logX: boolean }): string {
  const W = opts.width ?? 640, H = opts.height ?? 420;
  const m = { l: 70, r: 20, t: 20, b: 50 };
  const pts = lrs.map((lr, i) => [lr, losses[i]!] as const).filter(([x, y]) => Number.isFinite(y) && (!opts.logX || x > 0));
  const fx = (x: number) => (opts.logX ? Math.log10(x) : x);
  const xs = pts.map(([x]) => fx(x)), ys = pts.map(([, y]) => y);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  const sx = (x: number) => m.l + ((fx(x) - x0) / (x1 - x0 || 1)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const path = pts.map(([x, y], i) => `${i ? "L" : "M"}${sx(x).toFixed(2)},${sy(y).toFixed(2)}`).join(" ");
  const ticks: string[] = [];
  if (opts.logX) {
    for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) {
      const px = sx(10 ** e);
      ticks.push(`<line x1="${px.toFixed(2)}" y1="${H - m.b}" x2="${px.toFixed(2)}" y2="${H - m.b + 5}" stroke="#333"/>`,
        `<text x="${px.toFixed(2)}" y="${H - m.b + 18}" font-size="11" text-anchor="middle">1e${e}</text>`);
    }
  } else {
    for (let k = 0; k <= 4; k++) {
      const v = (x0 + ((x1 - x0) * k) / 4), px = sx(v);
      ticks.push(`<line x1="${px.toFixed(2)}" y1="${H - m.b}" x2="${px.toFixed(2)}" y2="${H - m.b + 5}" stroke="#333"/>`,
        `<text x="${px.toFixed(2)}" y="${H - m.b + 18}" font-size="11" text-anchor="middle">${fmt(v)}</text>`);
    }
  }
  for (let k = 0; k <= 4; k++) {
    const v = y0 + ((y1 - y0) * k) / 4, py = sy(v);
    ticks.push(`<line x1="${m.l - 5}" y1="${py.toFixed(2)}" x2="${m.l}" y2="${py.toFixed(2)}" stroke="#333"/>`,
      `<text x="${m.l - 8}" y="${(py + 4).toFixed(2)}" font-size="11" text-anchor="end">${fmt(v)}</text>`);
  }
  const marker = opts.suggest !== false && suggestionIdx !== null && Number.isFinite(losses[suggestionIdx]!)
    ? `<circle class="suggestion" cx="${sx(lrs[suggestionIdx]!).toFixed(2)}" cy="${sy(losses[suggestionIdx]!).toFixed(2)}" r="6" fill="red"><title>suggested lr ${esc(String(lrs[suggestionIdx]))}</title></circle>`
    : "";
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="#333"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="#333"/>`,
    ...ticks,
    `<path d="${path}" fill="none" stroke="#1f77b4" stroke-width="1.5"/>`,
    marker,
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" font-size="13" text-anchor="middle">Learning rate${opts.logX ? " (log scale)" : ""}</text>`,
    `<text x="16" y="${(m.t + H - m.b) / 2}" font-size="13" text-anchor="middle" transform="rotate(-90 16 ${(m.t + H - m.b) / 2})">Loss</text>`,
    `</svg>`,
  ].filter(Boolean).join("\n");
}
