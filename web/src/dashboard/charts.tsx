import { useMemo } from "preact/hooks";
import type uPlot from "uplot";
import uPlotLib from "uplot";
import type { TrendView } from "#domain/report-contract";
import { formatRate } from "#web/i18n/format";
import { useLang, useTexts } from "#web/i18n/lang";
import { DASHBOARD_TEXTS } from "./dashboard-texts.ts";
import { UPlotChart } from "./uplot-chart.tsx";

const GREEN = "#2e8b47";
const RED = "#c9372c";
const TARGET = "#1a1f24";
const LINE = "#1b5fb5";
const HEIGHT = 260;

/** The target as a dashed line across the whole plot, not only between the first and last points. */
function targetLine(target: number): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (chart) => {
          const y = chart.valToPos(target, "y", true);
          const { ctx, bbox } = chart;
          ctx.save();
          ctx.strokeStyle = TARGET;
          ctx.lineWidth = 2 * devicePixelRatio;
          ctx.setLineDash([8 * devicePixelRatio, 6 * devicePixelRatio]);
          ctx.beginPath();
          ctx.moveTo(bbox.left, y);
          ctx.lineTo(bbox.left + bbox.width, y);
          ctx.stroke();
          ctx.restore();
        },
      ],
    },
  };
}

const percentAxis = (lang: "vi" | "en"): uPlot.Axis => ({
  values: (_chart, ticks) =>
    ticks.map((tick) => formatRate(tick, lang).replace(",0 ", " ").replace(".0 ", " ")),
  size: 60,
});

/** One bar per ranked row (green at or above the target, red below) with the target as a line. */
export function RateBars(props: { rows: readonly { name: string; rate: number }[]; target: number }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const { rows, target } = props;
  const data = useMemo<uPlot.AlignedData>(
    () => [
      rows.map((_row, index) => index + 1),
      rows.map((row) => (row.rate >= target ? row.rate : null)),
      rows.map((row) => (row.rate < target ? row.rate : null)),
    ],
    [rows, target],
  );
  const options = useMemo(() => {
    const bars = uPlotLib.paths.bars?.({ size: [0.8, 40], align: 0 });
    const barPaths = bars === undefined ? {} : { paths: bars };
    return (width: number): uPlot.Options => ({
      width,
      height: HEIGHT,
      plugins: [targetLine(target)],
      // Half a bar of room at each end, so the first and last bars are not cut by the axes.
      scales: { x: { time: false, range: [0.5, Math.max(1, rows.length) + 0.5] }, y: { range: [0, 1] } },
      cursor: { points: { show: false } },
      series: [
        {
          label: t.facility,
          value: (_chart, value) => (value === null ? "" : (rows[value - 1]?.name ?? "")),
        },
        {
          label: t.atOrAbove,
          fill: GREEN,
          stroke: GREEN,
          ...barPaths,
          points: { show: false },
          value: (_c, v) => formatRate(v, lang),
        },
        {
          label: t.below,
          fill: RED,
          stroke: RED,
          ...barPaths,
          points: { show: false },
          value: (_c, v) => formatRate(v, lang),
        },
      ],
      axes: [
        { values: (_chart, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? String(tick) : "")) },
        percentAxis(lang),
      ],
    });
  }, [rows, target, lang, t]);
  return <UPlotChart options={options} data={data} label={t.rateChart} testId="rate-chart" />;
}

function dayToSeconds(day: string): number {
  return Date.parse(`${day}T00:00:00+07:00`) / 1000;
}

/** dd/mm of a tick, read in Vietnam's time zone as the days are. */
function dayLabel(seconds: number): string {
  const iso = new Date(seconds * 1000 + 7 * 3_600_000).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
}

/** The daily rate over the period, with the target line. */
export function TrendLine(props: { trend: TrendView; target: number }) {
  const lang = useLang();
  const t = useTexts(DASHBOARD_TEXTS);
  const { trend, target } = props;
  const data = useMemo<uPlot.AlignedData>(
    () => [trend.map((point) => dayToSeconds(point.day)), trend.map((point) => point.rate)],
    [trend, target],
  );
  const options = useMemo(
    () =>
      (width: number): uPlot.Options => ({
        width,
        height: HEIGHT,
        plugins: [targetLine(target)],
        // Days are Vietnamese calendar days whatever the viewer's own time zone.
        tzDate: (seconds) => uPlotLib.tzDate(new Date(seconds * 1000), "Asia/Ho_Chi_Minh"),
        scales: { y: { range: [0, 1] } },
        series: [
          { label: t.day, value: (_chart, seconds) => (seconds === null ? "" : dayLabel(seconds)) },
          {
            label: t.dailyRate,
            stroke: LINE,
            width: 3,
            spanGaps: false,
            value: (_c, v) => formatRate(v, lang),
          },
        ],
        axes: [{ values: (_chart, ticks) => ticks.map(dayLabel) }, percentAxis(lang)],
      }),
    [target, lang, t],
  );
  return <UPlotChart options={options} data={data} label={t.trendChart} testId="trend-chart" />;
}
