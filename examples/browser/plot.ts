// Canvas drawing for the demo: a line series with axes, and a classifier's decision region.

export interface SeriesStyle {
  color: string;
  /** Fixed y range; default: the series' own min..max. */
  yMin?: number;
  yMax?: number;
  /** How many x steps the axis spans (so the line grows left to right as training runs). */
  xSpan: number;
  /** The x axis' unit in the corner label (default "step"). */
  xLabel?: string;
}

const PAD = { left: 52, right: 10, top: 10, bottom: 22 };

export function drawSeries(canvas: HTMLCanvasElement, values: number[], style: SeriesStyle): void {
  const ctx = canvas.getContext("2d")!;
  const { width: w, height: h } = canvas;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  const lo = style.yMin ?? Math.min(...values, Infinity);
  const hi = style.yMax ?? Math.max(...values, -Infinity);
  const span = hi > lo ? hi - lo : 1;
  const px = (i: number) => PAD.left + (i / Math.max(1, style.xSpan - 1)) * (w - PAD.left - PAD.right);
  const py = (v: number) => h - PAD.bottom - ((v - lo) / span) * (h - PAD.top - PAD.bottom);

  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(PAD.left, PAD.top);
  ctx.lineTo(PAD.left, h - PAD.bottom);
  ctx.lineTo(w - PAD.right, h - PAD.bottom);
  ctx.stroke();
  ctx.fillStyle = "#555";
  ctx.font = "11px sans-serif";
  if (values.length) {
    ctx.fillText(hi.toPrecision(3), 4, PAD.top + 8);
    ctx.fillText(lo.toPrecision(3), 4, h - PAD.bottom);
  }
  ctx.fillText(`${style.xLabel ?? "step"} ${values.length}`, w - PAD.right - 60, h - 6);

  ctx.strokeStyle = style.color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  values.forEach((v, i) => (i === 0 ? ctx.moveTo(px(i), py(v)) : ctx.lineTo(px(i), py(v))));
  ctx.stroke();
}

/**
 * probabilities: row-major grid (gridSize²) of P(class 1) over [-1, 1]²; points drawn on top
 * in their class colour.
 */
export function drawRegion(canvas: HTMLCanvasElement, probabilities: ArrayLike<number>, gridSize: number, points: number[][], labels: number[]): void {
  const ctx = canvas.getContext("2d")!;
  const { width: w, height: h } = canvas;
  const cw = w / gridSize;
  const ch = h / gridSize;
  for (let r = 0; r < gridSize; r++) {
    for (let c = 0; c < gridSize; c++) {
      const p = probabilities[r * gridSize + c];
      // blend light orange (class 0) → light blue (class 1)
      const mix = (a: number, b: number) => Math.round(a + (b - a) * p);
      ctx.fillStyle = `rgb(${mix(253, 158)},${mix(208, 202)},${mix(162, 225)})`;
      ctx.fillRect(c * cw, r * ch, Math.ceil(cw), Math.ceil(ch));
    }
  }
  points.forEach(([x, y], i) => {
    ctx.fillStyle = labels[i] ? "#1f77b4" : "#d95f02";
    ctx.beginPath();
    ctx.arc(((x + 1) / 2) * w, ((y + 1) / 2) * h, 2.5, 0, 2 * Math.PI);
    ctx.fill();
  });
}
