import { useEffect, useId, useRef, useState } from 'react';

export type ChartBar = {
  key: string;
  /** Label under the bar ('' to leave this bar unlabelled). */
  axisLabel: string;
  /** Shown when the pointer rests on the bar. */
  title: string;
  /** In display units (kWh, m³); null: no value. */
  value: number | null;
  /** The previous year's value, drawn beside it. */
  compare?: number | null;
  /** Derived from meter readings rather than measured: drawn hatched. */
  estimated?: boolean;
  compareEstimated?: boolean;
};

type Props = {
  bars: readonly ChartBar[];
  /** Axis title, e.g. "kWh". */
  unit: string;
  /** What the chart shows, for assistive technology (the table and summary carry the numbers). */
  label: string;
  formatTick: (value: number) => string;
  /** A horizontal line (e.g. the previous year's daily average). */
  reference?: { value: number; title: string } | null;
  compact?: boolean;
};

/** Round steps (1, 2, 2.5, 5 x 10^n) for about four grid lines. */
function niceStep(max: number): number {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (raw <= factor * power) return factor * power;
  }
  return 10 * power;
}

/** The width of the element, following resizes (phones turned sideways, zoom). */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
    };
  }, []);
  return [ref, width];
}

/**
 * A bar chart drawn as SVG at the width of its container (no inline styles: colours come from
 * styles.css classes). The numbers are in the table beside it, so the picture is one image for
 * assistive technology, named by `label`.
 */
export function ConsumptionChart({ bars, unit, label, formatTick, reference = null, compact = false }: Props) {
  const [ref, measured] = useWidth();
  const reactId = useId();
  const patternId = `consumption-hatch-${reactId.replace(/[^A-Za-z0-9_-]/g, '')}`;
  const width = Math.max(measured, 280);
  const height = compact ? 200 : 260;
  const values = bars.flatMap((b) => [b.value ?? 0, b.compare ?? 0]);
  if (reference) values.push(reference.value);
  const max = Math.max(...values, 0);
  const step = max > 0 ? niceStep(max) : 1;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step);
  const tickLabels = ticks.map(formatTick);
  const left = Math.max(...tickLabels.map((t) => t.length)) * 7 + 14;
  const margin = { top: 22, right: 8, bottom: 26, left };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const slot = plotWidth / Math.max(1, bars.length);
  const withCompare = bars.some((b) => b.compare !== undefined);
  const group = slot * (bars.length > 40 ? 0.9 : 0.78);
  const barWidth = withCompare ? group / 2 : group;
  // Labels must not overlap: with little room only every n-th of the bars that carry one is labelled.
  const labelled = bars.flatMap((b, i) => (b.axisLabel === '' ? [] : [i]));
  const longestLabel = Math.max(1, ...bars.map((b) => b.axisLabel.length));
  const labelEvery = Math.max(1, Math.ceil(((longestLabel * 7 + 10) * labelled.length) / plotWidth));
  const shownLabels = new Set(labelled.filter((_, n) => n % labelEvery === 0));

  return (
    <div ref={ref} className="consumption-chart">
      {measured > 0 && (
        <svg role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${String(width)} ${String(height)}`} className="consumption-chart__svg">
          <defs>
            <pattern id={patternId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" className="consumption-chart__hatch-ground" />
              <line x1="0" y1="0" x2="0" y2="6" className="consumption-chart__hatch-line" />
            </pattern>
            <pattern id={`${patternId}-previous`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" className="consumption-chart__hatch-ground" />
              <line x1="0" y1="0" x2="0" y2="6" className="consumption-chart__hatch-line consumption-chart__hatch-line--previous" />
            </pattern>
          </defs>
          <text x={4} y={12} className="consumption-chart__unit">
            {unit}
          </text>
          {ticks.map((tick, i) => (
            <g key={tick}>
              <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} className={tick === 0 ? 'consumption-chart__axis' : 'consumption-chart__grid'} />
              <text x={margin.left - 6} y={y(tick) + 4} textAnchor="end" className="consumption-chart__tick">
                {tickLabels[i]}
              </text>
            </g>
          ))}
          {bars.map((bar, i) => {
            const x = margin.left + i * slot + (slot - group) / 2;
            const showLabel = shownLabels.has(i);
            return (
              <g key={bar.key}>
                {withCompare && bar.compare !== null && bar.compare !== undefined && bar.compare > 0 && (
                  <rect
                    x={x}
                    y={y(bar.compare)}
                    width={Math.max(1, barWidth - 1)}
                    height={Math.max(0, y(0) - y(bar.compare))}
                    className={bar.compareEstimated ? 'consumption-chart__bar consumption-chart__bar--previous consumption-chart__bar--estimated' : 'consumption-chart__bar consumption-chart__bar--previous'}
                    fill={bar.compareEstimated ? `url(#${patternId}-previous)` : undefined}
                  >
                    <title>{bar.title}</title>
                  </rect>
                )}
                {bar.value !== null && bar.value > 0 && (
                  <rect
                    x={withCompare ? x + barWidth : x}
                    y={y(bar.value)}
                    width={Math.max(1, barWidth - (withCompare ? 0 : 1))}
                    height={Math.max(0, y(0) - y(bar.value))}
                    className={bar.estimated ? 'consumption-chart__bar consumption-chart__bar--estimated' : 'consumption-chart__bar'}
                    fill={bar.estimated ? `url(#${patternId})` : undefined}
                  >
                    <title>{bar.title}</title>
                  </rect>
                )}
                {showLabel && (
                  <text x={margin.left + i * slot + slot / 2} y={height - 8} textAnchor="middle" className="consumption-chart__tick">
                    {bar.axisLabel}
                  </text>
                )}
              </g>
            );
          })}
          {reference && reference.value > 0 && (
            <line x1={margin.left} x2={width - margin.right} y1={y(reference.value)} y2={y(reference.value)} className="consumption-chart__reference">
              <title>{reference.title}</title>
            </line>
          )}
        </svg>
      )}
    </div>
  );
}
