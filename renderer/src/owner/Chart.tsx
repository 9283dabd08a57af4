// A small uPlot chart with a text table beside it for screen readers (the canvas itself is not readable).
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries { label: string; values: Array<number | null>; color: string; bars?: boolean; scale?: string }

export function Chart({ title, labels, series, height = 220, yFormat, xLabel = 'Month' }: {
  title: string; labels: string[]; series: ChartSeries[]; height?: number; yFormat?: (v: number) => string; xLabel?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const bars = uPlot.paths.bars ? uPlot.paths.bars({ size: [0.5, 40] }) : undefined;
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false, range: () => [-0.5, Math.max(0.5, labels.length - 0.5)] } },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? labels[t] ?? '' : '')), stroke: '#3d4450', grid: { show: false } },
        { stroke: '#3d4450', size: 70, values: (_u, ticks) => ticks.map((t) => (yFormat ? yFormat(t) : String(t))) },
      ],
      series: [
        { label: xLabel, value: (_u, v) => (v === null ? '' : labels[Math.round(v)] ?? '') },
        ...series.map((s) => ({
          label: s.label, stroke: s.color, width: 2, fill: s.bars ? `${s.color}99` : undefined,
          ...(s.bars && bars ? { paths: bars, points: { show: false } } : {}),
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : yFormat ? yFormat(v) : String(v)),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height }));
    ro.observe(el);
    return () => { ro.disconnect(); plot.destroy(); };
  }, [labels, series, height, yFormat, xLabel]);

  return (
    <figure className="ochart">
      <figcaption>{title}</figcaption>
      <div ref={box} aria-hidden="true" />
      <table className="sr-only">
        <caption>{title}</caption>
        <thead><tr><th>{xLabel}</th>{series.map((s) => <th key={s.label}>{s.label}</th>)}</tr></thead>
        <tbody>{labels.map((l, i) => <tr key={l}><td>{l}</td>{series.map((s) => <td key={s.label}>{s.values[i] ?? ''}</td>)}</tr>)}</tbody>
      </table>
    </figure>
  );
}
