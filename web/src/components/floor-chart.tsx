import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FloorSample } from '../floor-series';

const SERIES = [
  { label: 'Baked', stroke: '#b4562b', key: 'baked' },
  { label: 'Sold', stroke: '#2f6b3a', key: 'sold' },
  { label: 'Expired', stroke: '#8a6d1f', key: 'expired' },
  { label: 'Discarded', stroke: '#7a3b57', key: 'discarded' },
] as const;

/** The day so far: items baked, sold, expired, discarded (left axis) and net takings (right axis). */
export function FloorChart({ samples, currency }: { samples: FloorSample[]; currency: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const width = () => Math.max(280, element.clientWidth);
    const money = new Intl.NumberFormat('en-AU', { style: 'currency', currency, maximumFractionDigits: 0 });
    const options: uPlot.Options = {
      width: width(),
      height: 260,
      // The x axis in the bakery's wall-clock time, wherever the browser is.
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), __BAKERY_TIME_ZONE__),
      scales: { x: { time: true }, items: { auto: true }, money: { auto: true } },
      axes: [
        { stroke: '#5b4636', grid: { stroke: '#eadfce' } },
        { scale: 'items', label: 'Items', stroke: '#5b4636', grid: { stroke: '#eadfce' } },
        {
          scale: 'money',
          label: 'Takings',
          side: 1,
          stroke: '#1f4e79',
          grid: { show: false },
          values: (_u, v) => v.map((x) => money.format(x)),
        },
      ],
      series: [
        {},
        ...SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, scale: 'items' })),
        {
          label: `Takings (${currency})`,
          stroke: '#1f4e79',
          width: 2,
          dash: [6, 4],
          scale: 'money',
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : money.format(v)),
        },
      ],
      legend: { live: true },
    };
    plot.current = new uPlot(options, toData([]), element);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: width(), height: 260 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = undefined;
    };
  }, [currency]);

  useEffect(() => plot.current?.setData(toData(samples)), [samples]);

  return (
    <div
      ref={host}
      class="chart"
      data-testid="floor-chart"
      role="img"
      aria-label={describe(samples, currency)}
    />
  );
}

function toData(samples: readonly FloorSample[]): uPlot.AlignedData {
  return [
    samples.map((s) => s.t),
    ...SERIES.map((s) => samples.map((p) => p[s.key])),
    samples.map((s) => s.takings),
  ];
}

/** The chart in words, for people who cannot see it. */
function describe(samples: readonly FloorSample[], currency: string): string {
  const last = samples[samples.length - 1];
  if (!last) return 'Chart of the day so far: no figures yet.';
  const takings =
    last.takings === null ? 'takings not reported' : `net takings ${last.takings.toFixed(2)} ${currency}`;
  return `Chart of the day so far: ${last.baked} baked, ${last.sold} sold, ${last.expired} expired, ${last.discarded} discarded, ${takings}.`;
}
