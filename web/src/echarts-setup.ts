/**
 * The parts of ECharts the dashboard uses, registered once. Importing from echarts/core
 * keeps the bundle to the bar chart and canvas renderer instead of the whole library.
 * Loaded lazily (dynamic import) so the login form and the figures do not wait for it.
 */
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export { echarts };
