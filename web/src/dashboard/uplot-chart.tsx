import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

/** Narrower than this a chart is unreadable; a 360 px phone's card is about 300 px wide. */
const MIN_WIDTH = 240;

/** A uPlot chart that follows its container's width and is rebuilt when its data or options change. */
export function UPlotChart(props: {
  options: (width: number) => uPlot.Options;
  data: uPlot.AlignedData;
  label: string;
  testId: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const { options, data } = props;
  useEffect(() => {
    const element = host.current;
    if (element === null) return;
    const chart = new uPlot(options(Math.max(MIN_WIDTH, element.clientWidth)), data, element);
    const observer = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(MIN_WIDTH, element.clientWidth), height: chart.height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [options, data]);
  return <div ref={host} class="chart" role="img" aria-label={props.label} data-testid={props.testId} />;
}
