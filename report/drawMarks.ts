import type uPlot from 'uplot';

/** A mark on the time axis: its time in seconds and its label (drawn on the canvas, never markup). */
export interface ChartMark {
  t: number;
  text: string;
}

/**
 * Paints marks (sorted by time) as dashed vertical lines with labels: one line per pixel column,
 * and a label only where the last label in its row (four rows, in turn) has ended, so 150,000
 * marks draw as fast as a few. Labels sit on a background so they read over the bands.
 */
export function drawMarks(u: uPlot, marks: readonly ChartMark[], color: string, bg: string): void {
  const ctx = u.ctx;
  const r = devicePixelRatio;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.setLineDash([3 * r, 3 * r]);
  ctx.font = `600 ${11 * r}px system-ui, sans-serif`;
  let lastX = -Infinity;
  const rowEnd = [-Infinity, -Infinity, -Infinity, -Infinity];
  let row = 0;
  for (const m of marks) {
    const x = Math.round(u.valToPos(m.t, 'x', true));
    if (x === lastX || x < left || x > left + width) continue;
    lastX = x;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    if (x > rowEnd[row]!) {
      const w = ctx.measureText(m.text).width;
      const y = top + (4 + row * 16) * r;
      ctx.globalAlpha = 0.85;
      ctx.fillStyle = bg;
      ctx.fillRect(x + 2 * r, y, w + 6 * r, 14 * r);
      ctx.globalAlpha = 1;
      ctx.fillStyle = color;
      ctx.fillText(m.text, x + 5 * r, y + 11 * r);
      rowEnd[row] = x + 8 * r + w;
      row = (row + 1) % 4;
    }
  }
  ctx.restore();
}

/** Paints a small triangle on the time axis at each exact-sizing snapshot (times in seconds). */
export function drawExact(u: uPlot, times: readonly number[], color: string): void {
  if (times.length === 0) return;
  const ctx = u.ctx;
  const r = devicePixelRatio;
  const bottom = u.bbox.top + u.bbox.height;
  ctx.save();
  ctx.fillStyle = color;
  for (const t of times) {
    const x = u.valToPos(t, 'x', true);
    if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, bottom - 9 * r);
    ctx.lineTo(x - 5 * r, bottom);
    ctx.lineTo(x + 5 * r, bottom);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}
