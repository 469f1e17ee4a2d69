import { describe, expect, it } from 'vitest';
import { parseTheme, wallTheme } from '../src/theme';
import { formatChange, nearestThreshold, progressState, type ScoreThreshold } from '../src/wall';

describe('the wall theme', () => {
  it('follows the address first, then what was remembered, else light', () => {
    expect(wallTheme('#/wall?theme=dark', null)).toBe('dark');
    expect(wallTheme('#/wall/tinh?rotate=30&theme=light', 'dark')).toBe('light');
    expect(wallTheme('#/wall', 'dark')).toBe('dark');
    expect(wallTheme('#/wall?theme=purple', 'nonsense')).toBe('light');
    expect(parseTheme('DARK')).toBeNull();
  });
});

describe('the progress score against its alert rules', () => {
  const warn: ScoreThreshold = { ruleId: 'w', name: 'Điểm thấp', severity: 'WARNING', fire: 14, clear: 15 };
  const crit: ScoreThreshold = { ruleId: 'c', name: 'Điểm rất thấp', severity: 'CRITICAL', fire: 10, clear: 12 };
  it('is critical or warning at or below a fire threshold, the worst rule winning', () => {
    expect(progressState(9.5, [warn, crit])).toBe('critical');
    expect(progressState(10, [warn, crit])).toBe('critical');
    expect(progressState(13.99, [warn, crit])).toBe('warning');
    expect(progressState(14, [warn])).toBe('warning');
  });
  it('is near between fire and clear, ok above', () => {
    expect(progressState(14.5, [warn, crit])).toBe('near');
    expect(progressState(15, [warn, crit])).toBe('ok');
    expect(progressState(19.2, [warn])).toBe('ok');
  });
  it('says nothing without a score or without a rule', () => {
    expect(progressState(null, [warn])).toBe('none');
    expect(progressState(Number.NaN, [warn])).toBe('none');
    expect(progressState(12, [])).toBe('none');
  });
  it('shows the highest threshold, the first one a falling score meets', () => {
    expect(nearestThreshold([crit, warn])).toBe(warn);
    expect(nearestThreshold([])).toBeNull();
  });
});

describe('the change against last month', () => {
  const vi = (n: number) => n.toLocaleString('vi-VN');
  it('carries its sign, a true minus for fewer', () => {
    expect(formatChange(3, vi)).toBe('+3');
    expect(formatChange(-1200, vi)).toBe('−1.200');
    expect(formatChange(0, vi)).toBe('0');
  });
});
