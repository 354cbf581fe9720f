// The dashboard's charts, drawn as plain SVG: step curves with a band
// (Kaplan–Meier), lines over months and grouped bars. Each chart is an
// <svg role="img"> whose aria-label sums it up; the table beside it holds
// the numbers. Colours, dash patterns and print colours live in
// dashboard.css (series classes kreds-series-1 … 4), so the same chart
// prints black on white. chart_box() draws a chart again at the width its
// box gets (phones, resized windows). Text goes in as text nodes.
import { el } from '../dom.js';

const svg_ns = 'http://www.w3.org/2000/svg';
const default_width = 640;
const smallest_width = 260;
const margin = { top: 32, right: 16, bottom: 48, left: 52 };

// svg('path', {d: …}, child, …): an SVG element; a string child is text.
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(svg_ns, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export const series_class = (style) => `kreds-series-${style}`;

// A box that holds `draw(width)`'s chart and draws it again when its own
// width changes. One observer serves every box; a box that has left the
// page is let go.
const drawers = new WeakMap();
const observer = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
  for (const entry of entries) {
    const box = entry.target;
    if (!box.isConnected) {
      observer.unobserve(box);
      continue;
    }
    const state = drawers.get(box);
    const width = Math.max(smallest_width, Math.floor(entry.contentRect.width));
    if (state && Math.abs(width - state.width) >= 4) {
      state.width = width;
      box.replaceChildren(state.draw(width));
    }
  }
}) : null;

export function chart_box(draw, attributes = {}) {
  const box = el('div', { class: 'kreds-chart', ...attributes });
  box.replaceChildren(draw(default_width));
  drawers.set(box, { draw, width: default_width });
  observer?.observe(box);
  return box;
}

// A legend as a list: items [{style, label, kind: 'line' | 'bar', marker, note}]
// (marker: the line chart's point shape on the line sample too).
export function legend(items, attributes = {}) {
  return el('ul', { class: 'nobullet-list kreds-chart-legend', ...attributes }, ...items.map((item) => el('li', {},
    svg('svg', { class: 'kreds-chart-swatch', viewBox: '0 0 36 14', width: 36, height: 14, 'aria-hidden': 'true', focusable: 'false' },
      item.kind === 'bar'
        ? svg('rect', { class: `kreds-chart-bar ${series_class(item.style)}`, x: 8, y: 1, width: 20, height: 12 })
        : svg('line', { class: `kreds-chart-line ${series_class(item.style)}`, x1: 1, y1: 7, x2: 35, y2: 7 }),
      item.kind !== 'bar' && item.marker ? marker(item.style, 18, 7) : null),
    el('span', {}, item.label),
    item.note ? el('span', { class: 'kreds-chart-legend-note' }, ` ${item.note}`) : null)));
}

const chart_height = (width) => Math.round(Math.min(340, Math.max(240, width * 0.56)));

function plot_area(width, height) {
  return { left: margin.left, top: margin.top, right: width - margin.right, bottom: height - margin.bottom };
}

function linear(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (value) => r0 + (value - d0) * k;
}

// Round tick values from 0 up to at least `max` (1, 2, 2.5 or 5 × 10^n apart).
export function nice_ticks(max, count = 5) {
  const top = max > 0 ? max : 1;
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw);
  const ticks = [];
  for (let i = 0; i * step < top + step / 2 && ticks.length <= count + 1; ++i) ticks.push(Number((i * step).toFixed(10)));
  if (ticks[ticks.length - 1] < top) ticks.push(Number((ticks.length * step).toFixed(10)));
  return ticks;
}

const round = (value) => Math.round(value * 10) / 10;

function frame(width, height, label, ...children) {
  return svg('svg', { class: 'kreds-chart-svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label,
    focusable: 'false' }, ...children);
}

// Horizontal grid lines with labels at the left, and the y title above.
function y_axis(area, ticks, y, format_y, title) {
  return svg('g', { class: 'kreds-chart-y-axis' },
    svg('text', { class: 'kreds-chart-title', x: 4, y: 14 }, title),
    ...ticks.map((tick) => svg('g', {},
      svg('line', { class: tick === 0 ? 'kreds-chart-axis' : 'kreds-chart-grid', x1: area.left, x2: area.right,
        y1: round(y(tick)), y2: round(y(tick)) }),
      svg('text', { class: 'kreds-chart-tick', x: area.left - 6, y: round(y(tick)) + 4, 'text-anchor': 'end' }, format_y(tick)))));
}

// Tick marks and labels under the plot at the given x positions, and the x title.
function x_axis(area, width, marks, title) {
  return svg('g', { class: 'kreds-chart-x-axis' },
    ...marks.map(({ x, label }) => svg('g', {},
      svg('line', { class: 'kreds-chart-axis', x1: round(x), x2: round(x), y1: area.bottom, y2: area.bottom + 5 }),
      label === null ? null : svg('text', { class: 'kreds-chart-tick', x: round(x), y: area.bottom + 18, 'text-anchor': 'middle' }, label))),
    svg('text', { class: 'kreds-chart-title', x: round((area.left + area.right) / 2), y: area.bottom + 40, 'text-anchor': 'middle' }, title));
}

// Every n-th label of a category axis, so that labels of about
// `label_width` pixels do not collide.
function thinned(count, room, label_width) {
  const fits = Math.max(1, Math.floor(room / label_width));
  return Math.max(1, Math.ceil(count / fits));
}

// Step curves with their bands: series [{style, key, points: [{x, y, low,
// high}]}] where each point is a corner (the value holds until the next
// point's x). y runs 0–1.
export function step_chart({ width, series, x_max, x_step, format_x, format_y, x_title, y_title, label }) {
  const height = chart_height(width);
  const area = plot_area(width, height);
  const x = linear(0, x_max, area.left, area.right);
  const y = linear(0, 1, area.bottom, area.top);
  const y_ticks = [0, 0.25, 0.5, 0.75, 1];
  const x_marks = [];
  const every = thinned(Math.floor(x_max / x_step) + 1, area.right - area.left, 40);
  for (let value = 0, i = 0; value <= x_max; value += x_step, ++i) x_marks.push({ x: x(value), label: i % every === 0 ? format_x(value) : null });
  const corners = (points, pick) => {
    const out = [];
    points.forEach((point, i) => {
      if (i > 0) out.push([x(point.x), y(pick(points[i - 1]))]);
      out.push([x(point.x), y(pick(point))]);
    });
    return out;
  };
  const path_of = (list) => list.map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${round(px)} ${round(py)}`).join(' ');
  const curves = series.map((one) => {
    const high = corners(one.points, (point) => point.high ?? point.y);
    const low = corners(one.points, (point) => point.low ?? point.y);
    return svg('g', { class: 'kreds-chart-series', 'data-key': one.key },
      svg('path', { class: `kreds-chart-band ${series_class(one.style)}`, d: `${path_of([...high, ...low.reverse()])} Z` }),
      svg('path', { class: `kreds-chart-line ${series_class(one.style)}`, d: path_of(corners(one.points, (point) => point.y)),
        'data-key': one.key }));
  });
  return frame(width, height, label, y_axis(area, y_ticks, y, format_y, y_title), x_axis(area, width, x_marks, x_title), ...curves);
}

// Positions of categories along the x axis: the centre and width of each band.
function bands(area, count) {
  const band = (area.right - area.left) / Math.max(1, count);
  return { band, centre: (i) => area.left + band * (i + 0.5) };
}

function category_marks(area, categories, band, centre) {
  const every = thinned(categories.length, area.right - area.left, 64);
  return categories.map((category, i) => ({ x: centre(i), label: i % every === 0 ? category.label : null }));
}

// A closed path through [dx, dy] offsets from (cx, cy).
function polygon(cx, cy, offsets) {
  const corners = offsets.map(([dx, dy], i) => `${i === 0 ? 'M' : 'L'}${round(cx + dx)} ${round(cy + dy)}`);
  return svg('path', { d: `${corners.join(' ')} Z` });
}

// Marker shapes by series: circle, square, triangle, diamond.
const markers = {
  1: (cx, cy) => svg('circle', { cx: round(cx), cy: round(cy), r: 4 }),
  2: (cx, cy) => svg('rect', { x: round(cx - 3.5), y: round(cy - 3.5), width: 7, height: 7 }),
  3: (cx, cy) => polygon(cx, cy, [[0, -5], [4.5, 3.5], [-4.5, 3.5]]),
  4: (cx, cy) => polygon(cx, cy, [[0, -5], [5, 0], [0, 5], [-5, 0]]),
};

// Lines over categories (months): series [{style, key, values}], a value a
// number or anything else for a gap. Each point has a marker whose shape
// tells the series apart without colour.
// A point's marker, shaped by its series.
function marker(style, cx, cy) {
  const shape = (markers[style] ?? markers[1])(cx, cy);
  shape.setAttribute('class', `kreds-chart-marker ${series_class(style)}`);
  return shape;
}

export function line_chart({ width, categories, series, y_max = null, format_y, x_title, y_title, label }) {
  const height = chart_height(width);
  const area = plot_area(width, height);
  const numbers = series.flatMap((one) => one.values.filter((value) => typeof value === 'number' && Number.isFinite(value)));
  const y_ticks = nice_ticks(y_max ?? Math.max(0, ...numbers));
  const y = linear(0, y_ticks[y_ticks.length - 1], area.bottom, area.top);
  const { band, centre } = bands(area, categories.length);
  const lines = series.map((one) => {
    let d = '';
    let pen_down = false;
    const dots = [];
    one.values.forEach((value, i) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        pen_down = false;
        return;
      }
      d += `${pen_down ? 'L' : 'M'}${round(centre(i))} ${round(y(value))} `;
      pen_down = true;
      dots.push(marker(one.style, centre(i), y(value)));
    });
    return svg('g', { class: 'kreds-chart-series', 'data-key': one.key },
      d ? svg('path', { class: `kreds-chart-line ${series_class(one.style)}`, d: d.trim(), 'data-key': one.key }) : null, ...dots);
  });
  return frame(width, height, label, y_axis(area, y_ticks, y, format_y, y_title),
    x_axis(area, width, category_marks(area, categories, band, centre), x_title), ...lines);
}

// Grouped bars: one group per category, one bar per series. A value that is
// a marker string ("<5", "..") is written at the foot of its bar's place.
export function bar_chart({ width, categories, series, y_max = null, format_y, x_title, y_title, label }) {
  const height = chart_height(width);
  const area = plot_area(width, height);
  const numbers = series.flatMap((one) => one.values.filter((value) => typeof value === 'number' && Number.isFinite(value)));
  const y_ticks = nice_ticks(y_max ?? Math.max(0, ...numbers));
  const y = linear(0, y_ticks[y_ticks.length - 1], area.bottom, area.top);
  const { band, centre } = bands(area, categories.length);
  const bar = Math.max(2, (band * 0.8) / Math.max(1, series.length));
  const groups = series.map((one, s) => svg('g', { class: 'kreds-chart-series', 'data-key': one.key },
    ...one.values.map((value, i) => {
      const left = centre(i) - (bar * series.length) / 2 + bar * s;
      if (typeof value === 'number' && Number.isFinite(value)) {
        const top = y(Math.max(0, value));
        return svg('rect', { class: `kreds-chart-bar ${series_class(one.style)}`, x: round(left + 0.5), y: round(top),
          width: round(Math.max(1, bar - 1)), height: round(Math.max(0, area.bottom - top)) });
      }
      if (typeof value === 'string' && value && bar >= 10) {
        return svg('text', { class: 'kreds-chart-marker-text', x: round(left + bar / 2), y: area.bottom - 4, 'text-anchor': 'middle' }, value);
      }
      return null;
    })));
  return frame(width, height, label, y_axis(area, y_ticks, y, format_y, y_title),
    x_axis(area, width, category_marks(area, categories, band, centre), x_title), ...groups);
}

// A chart with its caption, legend and a note pointing to the table that
// holds its numbers: draw(width) returns the <svg>.
export function chart_figure({ id, caption_key, draw, legend_items, note_key = 'dashboard_chart_note' }) {
  return el('figure', { class: 'kreds-figure', id },
    el('figcaption', { class: 'kreds-figure-caption', id: `${id}-caption`, i18n: caption_key }),
    chart_box(draw, { id: `${id}-chart` }),
    legend(legend_items, { id: `${id}-legend` }),
    el('p', { class: 'form-hint kreds-figure-note', i18n: note_key }));
}
