// The completed/failed per minute chart: an SVG of stacked bars drawn by hand (no library), sized
// by viewBox so it scales with the page; colours come from CSS classes (the CSP allows no inline
// styles). Each bar has a <title> with its figures, and the SVG has a text summary for screen readers.

import { s } from './dom.js';

const W = 600;
const H = 160;
const PAD_LEFT = 34;
const PAD_BOTTOM = 18;
const PAD_TOP = 8;

/** An SVG chart of throughput {minute_starts, completed[], failed[]}. */
export function throughputChart(throughput) {
  const completed = throughput?.completed ?? [];
  const failed = throughput?.failed ?? [];
  const n = Math.max(completed.length, failed.length, 1);
  const start = throughput?.minute_starts ? new Date(throughput.minute_starts).getTime() : Date.now() - (n - 1) * 60000;
  const totals = Array.from({ length: n }, (_, i) => (completed[i] ?? 0) + (failed[i] ?? 0));
  const max = niceMax(Math.max(1, ...totals));
  const plotW = W - PAD_LEFT;
  const plotH = H - PAD_BOTTOM - PAD_TOP;
  const barW = plotW / n;
  const y = (v) => PAD_TOP + plotH - (v / max) * plotH;
  const sumC = completed.reduce((a, b) => a + b, 0);
  const sumF = failed.reduce((a, b) => a + b, 0);
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': `Attempts per minute over the last ${n} minutes: ${sumC} completed, ${sumF} failed` });
  for (const v of max >= 2 ? [0, max / 2, max] : [0, max]) {
    svg.append(s('line', { class: 'axis', x1: PAD_LEFT, x2: W, y1: y(v), y2: y(v) }),
      s('text', { x: PAD_LEFT - 4, y: y(v) + 3, 'text-anchor': 'end' }, String(Math.round(v))));
  }
  for (let i = 0; i < n; i++) {
    const c = completed[i] ?? 0;
    const f = failed[i] ?? 0;
    const x = PAD_LEFT + i * barW + barW * 0.1;
    const w = barW * 0.8;
    const at = new Date(start + i * 60000);
    const label = `${at.toTimeString().slice(0, 5)}: ${c} completed, ${f} failed`;
    const g = s('g', {}, s('title', {}, label));
    if (c > 0) g.append(s('rect', { class: 'bar-completed', x, width: w, y: y(c + f), height: (c / max) * plotH }));
    if (f > 0) g.append(s('rect', { class: 'bar-failed', x, width: w, y: y(f), height: (f / max) * plotH }));
    svg.append(g);
    if (i % 10 === 0 || i === n - 1) {
      svg.append(s('text', { x: x + w / 2, y: H - 4, 'text-anchor': 'middle' }, at.toTimeString().slice(0, 5)));
    }
  }
  return svg;
}

function niceMax(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}
