// ECharts, tree-shaken to what the dashboard draws, with the SVG renderer: sharp at any zoom, and
// the labels are real text in the page (readable by screen readers and by the browser tests).
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, SVGRenderer]);

export function Chart({ option, height = 280, testid }: { option: EChartsCoreOption; height?: number; testid?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const resize = () => c.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // Animation off: a dashboard shows numbers, and tests read them at once.
    chart.current?.setOption({ animation: false, ...option }, true);
  }, [option]);
  return <div class="chart" ref={el} style={{ height: `${height}px` }} data-testid={testid} />;
}
