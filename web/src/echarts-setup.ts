/**
 * The parts of ECharts the dashboard uses, registered once. Importing from echarts/core
 * keeps the bundle to the bar, line and treemap charts and the canvas renderer instead of
 * the whole library. Loaded lazily (dynamic import) so the login form and the figures do
 * not wait for it.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, TreemapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, TreemapChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export { echarts };
export type ECharts = ReturnType<typeof echarts.init>;
