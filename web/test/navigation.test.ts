import { describe, expect, it } from 'vitest';
import { ALERT_RULES_HREF, DISPLAYS_HREF, alertsHref, overviewHref, parseRotate, parseRoute, reportHref, unitHref, wallHref } from '../src/router';
import type { UnitInfo } from '../src/types';
import { Registry, inScope, scopeRoots } from '../src/units';
import { sortUnits } from '../src/views/figures';
import { topOverdue } from '../src/views/chart';
import { normalizeFigures } from '../src/live';

describe('router', () => {
  it('parses the three pages', () => {
    expect(parseRoute('')).toEqual({ name: 'overview', root: null });
    expect(parseRoute('#/')).toEqual({ name: 'overview', root: null });
    expect(parseRoute('#/?root=so-tu-phap')).toEqual({ name: 'overview', root: 'so-tu-phap' });
    expect(parseRoute('#/unit/xa-ngoc-chuc')).toEqual({ name: 'unit', unitId: 'xa-ngoc-chuc' });
    expect(parseRoute('#/report/xa-ngoc-chuc?from=2023-10-01&to=2023-10-15')).toEqual({
      name: 'report',
      unitId: 'xa-ngoc-chuc',
      from: '2023-10-01',
      to: '2023-10-15',
    });
    expect(parseRoute('#/report/x')).toEqual({ name: 'report', unitId: 'x', from: null, to: null });
    expect(parseRoute('#/nowhere')).toEqual({ name: 'notFound', path: '/nowhere' });
    expect(parseRoute('#/unit/')).toEqual({ name: 'notFound', path: '/unit/' });
    expect(parseRoute('#/unit/%E0%A4%A')).toEqual({ name: 'notFound', path: '/unit/%E0%A4%A' });
  });

  it('parses the wall and the displays page', () => {
    expect(parseRoute('#/wall')).toEqual({ name: 'wall', unitId: null, rotateSeconds: null, lang: null });
    expect(parseRoute('#/wall/')).toEqual({ name: 'wall', unitId: null, rotateSeconds: null, lang: null });
    expect(parseRoute('#/wall/so-tu-phap?rotate=30')).toEqual({ name: 'wall', unitId: 'so-tu-phap', rotateSeconds: 30, lang: null });
    expect(parseRoute('#/wall?rotate=20&lang=en')).toEqual({ name: 'wall', unitId: null, rotateSeconds: 20, lang: 'en' });
    expect(parseRoute('#/wall?lang=fr')).toEqual({ name: 'wall', unitId: null, rotateSeconds: null, lang: null });
    expect(parseRoute('#/wall/a/b')).toEqual({ name: 'notFound', path: '/wall/a/b' });
    expect(parseRoute('#/displays')).toEqual({ name: 'displays' });
    expect(parseRoute(DISPLAYS_HREF)).toEqual({ name: 'displays' });
    expect(parseRoute('#/displays/x')).toEqual({ name: 'notFound', path: '/displays/x' });
    expect(parseRoute(wallHref('a b', 15))).toEqual({ name: 'wall', unitId: 'a b', rotateSeconds: 15, lang: null });
    expect(wallHref()).toBe('#/wall');
  });

  it('parses the alerts page and its period', () => {
    expect(parseRoute('#/alerts')).toEqual({ name: 'alerts', from: null, to: null });
    expect(parseRoute('#/alerts/')).toEqual({ name: 'alerts', from: null, to: null });
    expect(parseRoute('#/alerts?from=2023-10-09&to=2023-10-15')).toEqual({ name: 'alerts', from: '2023-10-09', to: '2023-10-15' });
    expect(parseRoute('#/alerts/x')).toEqual({ name: 'notFound', path: '/alerts/x' });
    expect(alertsHref()).toBe('#/alerts');
    expect(alertsHref('2023-10-09', null)).toBe('#/alerts');
    expect(parseRoute(alertsHref('2023-10-09', '2023-10-15'))).toEqual({ name: 'alerts', from: '2023-10-09', to: '2023-10-15' });
  });

  it('parses the alert rules page', () => {
    expect(parseRoute('#/alert-rules')).toEqual({ name: 'alertRules' });
    expect(parseRoute('#/alert-rules/')).toEqual({ name: 'alertRules' });
    expect(parseRoute(ALERT_RULES_HREF)).toEqual({ name: 'alertRules' });
    expect(parseRoute('#/alert-rules?x=1')).toEqual({ name: 'alertRules' });
    expect(parseRoute('#/alert-rules/x')).toEqual({ name: 'notFound', path: '/alert-rules/x' });
    expect(parseRoute('#/alertrules')).toEqual({ name: 'notFound', path: '/alertrules' });
  });

  it('reads ?rotate=N as seconds, within 10 s … 1 h', () => {
    expect(parseRotate(null)).toBeNull();
    expect(parseRotate('')).toBeNull();
    expect(parseRotate('abc')).toBeNull();
    expect(parseRotate('-5')).toBeNull();
    expect(parseRotate('0')).toBeNull();
    expect(parseRotate('30')).toBe(30);
    expect(parseRotate('2')).toBe(10);
    expect(parseRotate('99999')).toBe(3600);
    expect(parseRotate('12.6')).toBe(13);
  });

  it('builds links that parse back', () => {
    expect(parseRoute(unitHref('a.b_c-1'))).toEqual({ name: 'unit', unitId: 'a.b_c-1' });
    expect(parseRoute(reportHref('u', '2023-10-01', '2023-10-15'))).toEqual({
      name: 'report',
      unitId: 'u',
      from: '2023-10-01',
      to: '2023-10-15',
    });
    expect(reportHref('u')).toBe('#/report/u');
    expect(overviewHref()).toBe('#/');
    expect(parseRoute(overviewHref('r 1'))).toEqual({ name: 'overview', root: 'r 1' });
  });
});

const UNITS: UnitInfo[] = [
  { unitId: 'xa-b', name: 'Xã Bình An', parentId: 'huyen', level: 'COMMUNE' },
  { unitId: 'tinh', name: 'Tỉnh An Phú', parentId: null, level: 'PROVINCE' },
  { unitId: 'huyen', name: 'Huyện Giồng Riềng', parentId: 'tinh', level: 'DISTRICT' },
  { unitId: 'xa-a', name: 'Xã Ngọc Chúc', parentId: 'huyen', level: 'COMMUNE' },
  { unitId: 'so', name: 'Sở Tư pháp', parentId: 'tinh', level: 'DEPARTMENT' },
  { unitId: 'other', name: 'Tỉnh Khác', parentId: '', level: 'PROVINCE' },
];

describe('Registry', () => {
  const reg = new Registry(UNITS);

  it('knows names, children sorted by name, and ancestry', () => {
    expect(reg.name('huyen')).toBe('Huyện Giồng Riềng');
    expect(reg.name('unknown')).toBe('unknown');
    expect(reg.children('tinh').map((u) => u.unitId)).toEqual(['huyen', 'so']);
    expect(reg.children('huyen').map((u) => u.unitId)).toEqual(['xa-b', 'xa-a']);
    expect(reg.children('xa-a')).toEqual([]);
    expect(reg.ancestry('xa-a')).toEqual(['tinh', 'huyen', 'xa-a']);
    expect(reg.isWithin('xa-a', 'tinh')).toBe(true);
    expect(reg.isWithin('tinh', 'xa-a')).toBe(false);
  });

  it('survives a cycle', () => {
    const cyc = new Registry([
      { unitId: 'a', name: 'A', parentId: 'b', level: 'X' },
      { unitId: 'b', name: 'B', parentId: 'a', level: 'X' },
    ]);
    expect(cyc.ancestry('a')).toEqual(['b', 'a']);
  });

  it('finds the topmost units of a scope', () => {
    expect(scopeRoots(['xa-a', 'huyen', 'other'], reg)).toEqual(['huyen', 'other']);
    expect(scopeRoots(['tinh', 'tinh'], reg)).toEqual(['tinh']);
    expect(scopeRoots([], reg)).toEqual([]);
    expect(inScope('xa-a', ['huyen'], reg)).toBe(true);
    expect(inScope('tinh', ['huyen'], reg)).toBe(false);
  });
});

describe('sorting and the chart rows', () => {
  const reg = new Registry(UNITS);
  const figs = new Map(
    [
      { unitId: 'xa-a', pending: { overdue: 3 }, today: { completed: 4, early: 1, onTime: 2 } },
      { unitId: 'xa-b', pending: { overdue: 3 }, today: { completed: 0 } },
      { unitId: 'so', pending: { overdue: 9 }, today: { completed: 2, early: 2, onTime: 0 } },
    ].map((r) => {
      const f = normalizeFigures(r);
      if (!f) throw new Error('bad');
      return [f.unitId, f] as const;
    }),
  );
  const ids = ['xa-a', 'xa-b', 'so', 'huyen'];

  it('sorts by overdue, most first, ties by name, units without figures last', () => {
    expect(sortUnits(ids, 'overdue', true, figs, (id) => reg.name(id))).toEqual(['so', 'xa-b', 'xa-a', 'huyen']);
    expect(sortUnits(ids, 'overdue', false, figs, (id) => reg.name(id))).toEqual(['xa-b', 'xa-a', 'so', 'huyen']);
    expect(sortUnits(ids, 'name', false, figs, (id) => reg.name(id))).toEqual(['huyen', 'so', 'xa-b', 'xa-a']);
    expect(sortUnits(ids, 'onTimeRate', true, figs, (id) => reg.name(id))).toEqual(['so', 'xa-a', 'huyen', 'xa-b']); // no rate (nothing completed) sorts with the unknown
  });

  it('keeps the 15 units with most overdue dossiers, none with zero', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ unitId: `u${i}`, name: `Xã ${i}`, value: i }));
    const top = topOverdue(rows);
    expect(top).toHaveLength(15);
    expect(top[0]?.value).toBe(19);
    expect(top[14]?.value).toBe(5);
    expect(topOverdue(rows.slice(0, 1))).toEqual([]);
  });
});
