// A small time-series line chart on <canvas>: a few lines over the last minutes, a y axis with round steps, and a
// legend in HTML (readable by screen readers, and with the latest value of each line).

import { format, h } from '/console/dom.js';

const Colors = ['#1f5fbf', '#c2410c', '#2f855a', '#9333ea', '#b3261e', '#0e7490', '#a16207', '#4b5563'];
const Padding = { left: 48, right: 10, top: 10, bottom: 22 };

function niceStep(max) {
  if (!(max > 0)) return 1;
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** A chart panel: `update(lines, {windowMs, unit})` with lines = Map<label, [{t, v}]>. */
export class LineChart {
  constructor(title, { unit = '', description = '' } = {}) {
    this.unit = unit;
    this.canvas = h('canvas', { width: 360, height: 150, role: 'img', 'aria-label': title });
    this.legend = h('ul', { className: 'legend' });
    this.empty = h('p', { className: 'note' }, 'No such series on this server.');
    this.element = h('figure', { className: 'chart', dataset: { chart: title } },
      h('figcaption', {}, title, description ? h('small', {}, description) : null),
      this.canvas, this.legend, this.empty);
  }

  update(lines, { windowMs = 5 * 60 * 1000, now = Date.now() } = {}) {
    const entries = [...lines.entries()].filter(([, points]) => points.length > 0).slice(0, Colors.length);
    // A counter's rate needs two readings: a series seen once has no point yet.
    this.empty.textContent = lines.size === 0 ? 'No such series on this server.' : 'Waiting for a second reading…';
    this.empty.hidden = entries.length > 0;
    this.canvas.hidden = entries.length === 0;
    this.element.dataset.lines = String(lines.size);
    this.draw(entries, windowMs, now);
    this.legend.replaceChildren(...entries.map(([label, points], i) => {
      const latest = points.at(-1).v;
      return h('li', { dataset: { line: label } }, h('i', { className: `swatch c${i}` }), `${label || 'total'}: `,
        h('strong', {}, `${format.number(latest)}${this.unit}`));
    }));
    const summary = entries.map(([label, points]) => `${label || 'total'} ${format.number(points.at(-1).v)}${this.unit}`).join(', ');
    this.canvas.setAttribute('aria-label', `${this.element.querySelector('figcaption').firstChild.textContent}: ${summary || 'no data'}`);
  }

  draw(entries, windowMs, now) {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 360;
    const height = canvas.clientHeight || 150;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    // The axis spans the data seen so far (at least a minute), growing to the window: a fresh page is not a thin
    // sliver at the right edge of five empty minutes.
    const earliest = Math.min(now, ...entries.map(([, points]) => points[0].t));
    windowMs = Math.min(windowMs, Math.max(60000, now - earliest));
    const start = now - windowMs;
    const max = Math.max(0, ...entries.flatMap(([, points]) => points.filter((p) => p.t >= start).map((p) => p.v)));
    const step = niceStep(max);
    const top = Math.max(step, Math.ceil(max / step) * step);
    const plotWidth = width - Padding.left - Padding.right;
    const plotHeight = height - Padding.top - Padding.bottom;
    const x = (t) => Padding.left + ((t - start) / windowMs) * plotWidth;
    const y = (v) => Padding.top + plotHeight - (v / top) * plotHeight;

    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#556';
    g.strokeStyle = '#dde1e8';
    g.lineWidth = 1;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let v = 0; v <= top + step / 2; v += step) {
      g.beginPath();
      g.moveTo(Padding.left, Math.round(y(v)) + 0.5);
      g.lineTo(width - Padding.right, Math.round(y(v)) + 0.5);
      g.stroke();
      g.fillText(format.number(v, 0), Padding.left - 6, y(v));
    }
    g.textAlign = 'left';
    g.textBaseline = 'alphabetic';
    g.fillText(windowMs < 120000 ? `−${Math.round(windowMs / 1000)} s` : `−${Math.round(windowMs / 60000)} min`, Padding.left, height - 6);
    g.textAlign = 'right';
    g.fillText('now', width - Padding.right, height - 6);

    entries.forEach(([, points], i) => {
      const visible = points.filter((p) => p.t >= start);
      if (visible.length === 0) return;
      g.strokeStyle = Colors[i];
      g.fillStyle = Colors[i];
      g.lineWidth = 1.6;
      g.beginPath();
      visible.forEach((p, j) => (j === 0 ? g.moveTo(x(p.t), y(p.v)) : g.lineTo(x(p.t), y(p.v))));
      g.stroke();
      if (visible.length === 1) g.fillRect(x(visible[0].t) - 2, y(visible[0].v) - 2, 4, 4);
    });
  }
}
