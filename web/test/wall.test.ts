import { describe, expect, it } from 'vitest';
import { normalizeFigures } from '../src/live';
import type { UnitFigures, UnitInfo } from '../src/types';
import { Registry } from '../src/units';
import {
  DARK_TEXT,
  LIGHT_TEXT,
  NO_PENDING_COLOUR,
  SHARE_COLOURS,
  bucketColour,
  contrastRatio,
  luminance,
  overdueShare,
  rankByOnTimeRate,
  rankByOverdue,
  rotationSequence,
  shareBucket,
  shareLegend,
  textColourOn,
  treemapTiles,
} from '../src/wall';

function figs(rows: { unitId: string; pending?: Record<string, number>; today?: Record<string, number> }[]): Map<string, UnitFigures> {
  return new Map(
    rows.map((r) => {
      const f = normalizeFigures(r);
      if (!f) throw new Error('bad');
      return [f.unitId, f] as const;
    }),
  );
}

describe('overdue share and its colour scale', () => {
  it('is overdue / pending, null when nothing is pending', () => {
    expect(overdueShare({ total: 200, overdue: 5 })).toBe(0.025);
    expect(overdueShare({ total: 0, overdue: 0 })).toBeNull();
    expect(overdueShare(null)).toBeNull();
    expect(overdueShare({ total: 3, overdue: 9 })).toBe(1); // never above 1, even on bad data
  });

  it('falls in classes with inclusive upper bounds', () => {
    expect(shareBucket(null)).toBe(-1);
    expect(shareBucket(0)).toBe(0);
    expect(shareBucket(0.0001)).toBe(1);
    expect(shareBucket(0.02)).toBe(1);
    expect(shareBucket(0.0201)).toBe(2);
    expect(shareBucket(0.05)).toBe(2);
    expect(shareBucket(0.1)).toBe(3);
    expect(shareBucket(0.2)).toBe(4);
    expect(shareBucket(0.21)).toBe(5);
    expect(shareBucket(1)).toBe(5);
    expect(shareBucket(Number.NaN)).toBe(-1);
  });

  it('is sequential: each class darker than the one before', () => {
    const lum = SHARE_COLOURS.map(luminance);
    for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeLessThan(lum[i - 1] as number);
    expect(bucketColour(-1)).toBe(NO_PENDING_COLOUR);
    expect(bucketColour(5)).toBe(SHARE_COLOURS[5]);
  });

  it('labels every tile with text of at least 4.5:1 contrast', () => {
    for (const bg of [...SHARE_COLOURS, NO_PENDING_COLOUR]) {
      const fg = textColourOn(bg);
      expect([DARK_TEXT, LIGHT_TEXT]).toContain(fg);
      expect(contrastRatio(bg, fg), bg).toBeGreaterThanOrEqual(4.5);
    }
    expect(textColourOn('#feebe2')).toBe(DARK_TEXT);
    expect(textColourOn('#7a0177')).toBe(LIGHT_TEXT);
  });

  it('has a legend for every class', () => {
    const legend = shareLegend((x) => `${Math.round(x * 100)}%`, 'nothing pending', 'none');
    expect(legend.map((l) => l.bucket)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(legend.map((l) => l.label)).toEqual(['nothing pending', 'none', '≤ 2%', '2% – 5%', '5% – 10%', '10% – 20%', '> 20%']);
    expect(legend[3]?.colour).toBe(SHARE_COLOURS[2]);
  });
});

describe('rankings', () => {
  const names: Record<string, string> = { a: 'Xã An', b: 'Xã Bình', c: 'Xã Châu', d: 'Xã Đông', e: 'Xã Én' };
  const nameOf = (id: string) => names[id] ?? id;
  const figures = figs([
    { unitId: 'a', pending: { total: 100, overdue: 5 }, today: { completed: 10, early: 2, onTime: 6, late: 2 } },
    { unitId: 'b', pending: { total: 10, overdue: 5 }, today: { completed: 4, early: 1, onTime: 1, late: 2 } },
    { unitId: 'c', pending: { total: 50, overdue: 0 }, today: { completed: 0 } },
    { unitId: 'd', pending: { total: 80, overdue: 12 }, today: { completed: 5, early: 0, onTime: 4, late: 1 } },
    { unitId: 'e', pending: { total: 20, overdue: 0 }, today: { completed: 10, early: 5, onTime: 5, late: 0 } },
  ]);
  const ids = ['a', 'b', 'c', 'd', 'e', 'missing'];

  it('ranks by overdue, most first, ties by share then name, no unit without overdue', () => {
    const rows = rankByOverdue(ids, figures, nameOf);
    expect(rows.map((r) => r.unitId)).toEqual(['d', 'b', 'a']);
    expect(rows[1]).toEqual({ unitId: 'b', name: 'Xã Bình', overdue: 5, pending: 10, share: 0.5 });
    expect(rankByOverdue(ids, figures, nameOf, 2).map((r) => r.unitId)).toEqual(['d', 'b']);
  });

  it('keeps at most 10', () => {
    const many = figs(Array.from({ length: 25 }, (_, i) => ({ unitId: `u${i}`, pending: { total: 100, overdue: i + 1 } })));
    const rows = rankByOverdue([...many.keys()], many, (id) => id);
    expect(rows).toHaveLength(10);
    expect(rows[0]?.overdue).toBe(25);
    expect(rows[9]?.overdue).toBe(16);
  });

  it('ranks the lowest on-time rates among units that completed something, ties by late count', () => {
    const rows = rankByOnTimeRate(ids, figures, nameOf);
    // b 2/4 = 0.5, a 8/10 = 0.8, d 4/5 = 0.8 (fewer late than a), e 1; c completed nothing.
    expect(rows.map((r) => r.unitId)).toEqual(['b', 'a', 'd', 'e']);
    expect(rows[0]).toEqual({ unitId: 'b', name: 'Xã Bình', completed: 4, inTime: 2, late: 2, rate: 0.5 });
    expect(rankByOnTimeRate(ids, figures, nameOf, 1)).toHaveLength(1);
  });
});

describe('treemap tiles', () => {
  const UNITS: UnitInfo[] = [
    { unitId: 'tinh', name: 'Tỉnh', parentId: null, level: 'PROVINCE' },
    { unitId: 'huyen', name: 'Huyện', parentId: 'tinh', level: 'DISTRICT' },
    { unitId: 'xa-a', name: 'Xã A', parentId: 'huyen', level: 'COMMUNE' },
    { unitId: 'xa-b', name: 'Xã B', parentId: 'huyen', level: 'COMMUNE' },
    { unitId: 'so', name: 'Sở', parentId: 'tinh', level: 'DEPARTMENT' },
  ];
  const reg = new Registry(UNITS);
  const childrenOf = (id: string) => reg.children(id).map((u) => u.unitId);
  const figures = figs([
    { unitId: 'tinh', pending: { total: 160, overdue: 14 } },
    { unitId: 'huyen', pending: { total: 60, overdue: 4 } },
    { unitId: 'xa-a', pending: { total: 60, overdue: 4 } },
    { unitId: 'xa-b', pending: { total: 0, overdue: 0 } },
    { unitId: 'so', pending: { total: 100, overdue: 10 } },
  ]);

  it('nests every unit below the root, sized by pending, coloured by share', () => {
    const tiles = treemapTiles('tinh', childrenOf, (id) => reg.name(id), figures);
    expect(tiles.map((t) => t.id)).toEqual(['huyen', 'so']);
    const huyen = tiles[0];
    const so = tiles[1];
    expect(so).toEqual({ id: 'so', name: 'Sở', value: 100, pending: 100, overdue: 10, share: 0.1, bucket: 3 });
    expect(huyen?.children?.map((t) => t.id)).toEqual(['xa-a', 'xa-b']);
    // 4 units share 160 dossiers: a unit with none keeps a tile of 160 / 16 = 10.
    const xaB = huyen?.children?.[1];
    expect(xaB).toMatchObject({ id: 'xa-b', value: 10, pending: 0, share: null, bucket: -1 });
    // A parent is never smaller than its children together.
    expect(huyen?.value).toBe(70);
    expect(huyen?.bucket).toBe(3); // 4 / 60 is between 5 % and 10 %
  });

  it('stops at maxDepth, survives missing figures and cycles', () => {
    const shallow = treemapTiles('tinh', childrenOf, (id) => id, figures, 1);
    expect(shallow.map((t) => t.children)).toEqual([undefined, undefined]);
    const none = treemapTiles('tinh', childrenOf, (id) => id, new Map());
    expect(none.map((t) => [t.id, t.value, t.bucket])).toEqual([
      ['huyen', 2, -1],
      ['so', 1, -1],
    ]);
    const cyc = treemapTiles('a', (id) => (id === 'a' ? ['b'] : ['a', 'b']), (id) => id, new Map());
    expect(cyc).toEqual([{ id: 'b', name: 'b', value: 1, pending: 0, overdue: 0, share: null, bucket: -1 }]);
    expect(treemapTiles('xa-a', childrenOf, (id) => id, figures)).toEqual([]);
  });
});

describe('rotation', () => {
  it('shows the root, then each child', () => {
    expect(rotationSequence('tinh', ['huyen', 'so'])).toEqual(['tinh', 'huyen', 'so']);
    expect(rotationSequence('tinh', [])).toEqual(['tinh']);
  });
});
