/**
 * Overview (#/): one scope root at a time, with its big numbers, the table of its child
 * units and the overdue chart. Built for wall displays: large figures, live updates.
 */
import { h } from '../dom';
import { overviewHref, reportHref, unitHref } from '../router';
import { overdueChart } from './chart';
import type { AppContext, View } from './context';
import { bigNumbers, unitTable } from './figures';
import { qualityPanel } from './quality';

export function overviewView(container: HTMLElement, ctx: AppContext, requestedRoot: string | null): View {
  const { t, registry, roots } = ctx;
  if (roots.length === 0) {
    container.append(h('p', { class: 'notice', testid: 'no-units' }, t('noUnits')));
    return { destroy() {} };
  }
  const root = requestedRoot && roots.includes(requestedRoot) ? requestedRoot : (roots[0] as string);
  const children = registry.children(root).map((u) => u.unitId);

  // Several scope roots (e.g. two departments): a tab per root.
  const tabs =
    roots.length > 1
      ? h(
          'nav',
          { class: 'root-tabs', 'aria-label': t('chooseRoot') },
          ...roots.map((r) =>
            h('a', { href: overviewHref(r), class: r === root ? 'tab active' : 'tab', 'aria-current': r === root ? 'page' : null }, registry.name(r)),
          ),
        )
      : null;

  const big = bigNumbers(ctx, root);
  const table = children.length > 0 ? unitTable(ctx, children) : null;
  const chart = children.length > 0 ? overdueChart(ctx) : null;
  // Data quality concerns the whole pipeline, so only administrators see it.
  const quality = ctx.me.role === 'ADMIN' ? qualityPanel(ctx) : null;

  container.append(
    h(
      'div',
      { class: 'page overview', testid: 'overview' },
      tabs,
      h(
        'div',
        { class: 'page-head' },
        h('h1', { testid: 'unit-title' }, registry.name(root)),
        h(
          'div',
          { class: 'page-links' },
          h('a', { href: unitHref(root), class: 'button-link' }, t('dossiersToChase')),
          h('a', { href: reportHref(root), class: 'button-link' }, t('report')),
        ),
      ),
      big.el,
      table
        ? h(
            'div',
            { class: 'overview-grid' },
            h('section', { class: 'panel' }, h('h2', null, t('childUnits')), table.el),
            chart?.el,
          )
        : h('p', { class: 'notice' }, t('noChildren')),
      quality?.el,
    ),
  );

  const render = () => {
    big.update();
    table?.update();
    chart?.update(
      children.map((id) => ({ unitId: id, name: registry.name(id), value: ctx.live.figures.get(id)?.pending.overdue ?? 0 })),
    );
  };
  const off = ctx.live.on((e) => {
    if (e.kind === 'snapshot' || e.kind === 'update') render();
  });
  ctx.live.subscribe({ subtree: { unitId: root, depth: 1 } });
  ctx.refreshStatus();
  render();

  return {
    destroy() {
      off();
      chart?.destroy();
      quality?.destroy();
    },
  };
}
