// A small uPlot chart with a text table beside it for screen readers (the canvas itself is not readable).
// The canvas needs numbers to place its points; what is read (the hover legend and the table) is text:
// a series' `text` (each value formatted from the API's decimal string, exact), else the value in the
// shop's locale. `yFormat` labels the axis ticks only (it may round).
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useShop } from './ui';

/** the canvas is as wide as its box, down to this (a 320 px window at 400 %: the box is about 260 px) */
const MIN_WIDTH = 200;

export interface ChartSeries {
  label: string;
  /** positions on the canvas only */
  values: Array<number | null>;
  /** what each value reads as, in the legend on hover and in the table (e.g. money from the API's string) */
  text?: Array<string | null>;
  color: string;
  bars?: boolean;
  scale?: string;
}

/** a line's dash pattern by its place (solid, dashed, dotted, dash-dot), and its legend marker's border to match */
const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 4, 2, 4]];
const MARKER_BORDERS = ['solid', 'dashed', 'dotted', 'double'];

export function Chart({ title, labels, series, height = 220, yFormat, xLabel = 'Month' }: {
  title: string; labels: string[]; series: ChartSeries[]; height?: number; yFormat?: (v: number) => string; xLabel?: string;
}) {
  const { locale } = useShop();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    const xs = labels.map((_, i) => i);
    const bars = uPlot.paths.bars ? uPlot.paths.bars({ size: [0.5, 40] }) : undefined;
    // the axes are drawn on a canvas, which high contrast does not recolour: take the text colour the system forces
    const ink = window.matchMedia?.('(forced-colors: active)').matches ? getComputedStyle(el).color : '#3d4450';
    const opts: uPlot.Options = {
      width: Math.max(MIN_WIDTH, el.clientWidth),
      height,
      legend: { show: true, markers: { dash: (_u, si) => (si === 0 || series[si - 1]?.bars ? 'solid' : MARKER_BORDERS[(si - 1) % MARKER_BORDERS.length]!) } },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: () => [-0.5, Math.max(0.5, labels.length - 0.5)] } },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? labels[t] ?? '' : '')), stroke: ink, grid: { show: false } },
        { stroke: ink, size: 70, values: (_u, ticks) => ticks.map((t) => (yFormat ? yFormat(t) : plain.format(t))) },
      ],
      series: [
        { label: xLabel, value: (_u, v) => (v === null ? '' : labels[Math.round(v)] ?? '') },
        ...series.map((s, k) => ({
          label: s.label, stroke: s.color, width: 2, fill: s.bars ? `${s.color}99` : undefined,
          // lines told apart by their stroke as well as their colour (colour-blind eyes, high contrast)
          ...(s.bars ? {} : { dash: DASHES[k % DASHES.length] }),
          ...(s.bars && bars ? { paths: bars, points: { show: false } } : {}),
          value: (_u: uPlot, v: number | null, _si: number, i: number | null) => (v === null || i === null ? '—' : cellText(s, i, plain)),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(MIN_WIDTH, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); plot.destroy(); };
  }, [labels, series, height, yFormat, xLabel, locale]);

  const plain = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
  return (
    <figure className="ochart">
      <figcaption>{title}</figcaption>
      <div ref={box} aria-hidden="true" />
      <table className="sr-only" data-testid="chart-table">
        <caption>{title}</caption>
        <thead><tr><th>{xLabel}</th>{series.map((s) => <th key={s.label}>{s.label}</th>)}</tr></thead>
        <tbody>{labels.map((l, i) => <tr key={l}><td>{l}</td>{series.map((s) => <td key={s.label}>{cellText(s, i, plain)}</td>)}</tr>)}</tbody>
      </table>
    </figure>
  );
}

/** The i-th value as read: the series' own text, else the number in the shop's locale; blank when absent. */
function cellText(s: ChartSeries, i: number, plain: Intl.NumberFormat): string {
  const t = s.text?.[i];
  if (t !== undefined && t !== null) return t;
  const v = s.values[i];
  return v === null || v === undefined ? '' : plain.format(v);
}
