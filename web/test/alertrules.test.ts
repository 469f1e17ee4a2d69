import { describe, expect, it } from 'vitest';
import { RULES_SKELETON, checkJson, jsonCheckMessage, jsonErrorOffset, jsonProblemAt, rulesEditorText, saveErrorText } from '../src/alertrules';
import { ApiError } from '../src/api';
import { translator } from '../src/i18n';

const RULE = {
  id: 'commune-overdue-share',
  name: 'Tỷ lệ hồ sơ quá hạn của xã, phường vượt 10%',
  level: 'COMMUNE',
  metric: 'OVERDUE_SHARE',
  fire: 0.1,
  clear: 0.05,
  minPending: 20,
  holdFor: 'PT10M',
  severity: 'WARNING',
};

describe('editor text', () => {
  it('pretty-prints the rule set in force with a 2-space indent', () => {
    const text = rulesEditorText({ rules: { rules: [RULE] } });
    expect(text).toBe(JSON.stringify({ rules: [RULE] }, null, 2));
    expect(text.split('\n')[1]).toBe('  "rules": [');
    expect(JSON.parse(text)).toEqual({ rules: [RULE] });
  });

  it('offers an empty skeleton when none was ever published', () => {
    expect(rulesEditorText({ rules: null })).toBe(RULES_SKELETON);
    expect(rulesEditorText(null)).toBe(RULES_SKELETON);
    expect(JSON.parse(RULES_SKELETON)).toEqual({ rules: [] });
  });
});

describe('JSON check', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const s of [RULES_SKELETON, JSON.stringify({ rules: [RULE] }, null, 2), '1', ' "a\\u00e9\\n" ', '[-0.5e+3, true, false, null, {}]', '{"a":{"b":[[]]}}']) {
      expect(jsonErrorOffset(s), s).toBeNull();
      expect(checkJson(s).ok).toBe(true);
    }
  });

  it('finds the first error, whatever the browser says', () => {
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a": 1')).toBe(7);
    expect(jsonErrorOffset('')).toBe(0);
    expect(jsonErrorOffset('[1 2]')).toBe(3);
    expect(jsonErrorOffset('{"a": 01}')).toBe(7);
    expect(jsonErrorOffset('{"a": "x\ny"}')).toBe(8);
    expect(jsonErrorOffset('{"a": "\\x"}')).toBe(8);
    expect(jsonErrorOffset("{'a': 1}")).toBe(1);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('{} x')).toBe(3);
    expect(jsonErrorOffset('{"a": 1.}')).toBe(8);
  });

  it('gives line and column, and what is there', () => {
    const text = '{\n  "rules": [\n    {"id": x}\n  ]\n}';
    const check = checkJson(text);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problem).toEqual({ offset: text.indexOf('x'), line: 3, column: 12, found: 'x' });
    expect(check.message).not.toContain('\n');
    expect(jsonProblemAt('{"a"', 4)).toEqual({ offset: 4, line: 1, column: 5, found: null });
  });

  it('says it in Vietnamese and English', () => {
    const vi = translator('vi');
    const en = translator('en');
    const bad = checkJson('{\n  "rules": [\n    {"id": x}\n  ]\n}');
    expect(jsonCheckMessage(bad, vi)).toBe('JSON không hợp lệ ở dòng 3, cột 12: ký tự "x" không đúng chỗ.');
    expect(jsonCheckMessage(bad, en)).toBe('Invalid JSON at line 3, column 12: "x" is not expected there.');
    expect(jsonCheckMessage(checkJson('{"rules": ['), vi)).toContain('dòng 1, cột 12');
    expect(jsonCheckMessage(checkJson(JSON.stringify({ rules: [RULE, RULE] })), vi)).toContain('(2 quy tắc)');
    expect(jsonCheckMessage(checkJson('[]'), en)).toBe('Valid JSON. The server checks the rules themselves when they are saved.');
  });
});

describe('a refused save', () => {
  const t = translator('vi');

  it("shows the server's message word for word", () => {
    const msg = "alert rule 'x': clear (5.0) must not be above fire (1.0)";
    expect(saveErrorText(new ApiError(400, msg), t)).toBe(msg);
    expect(saveErrorText(new ApiError(403, 'cross-site request refused'), t)).toBe('cross-site request refused');
    expect(saveErrorText(new ApiError(503, 'the rules could not be published'), t)).toBe('the rules could not be published');
  });

  it('says when the server cannot be reached', () => {
    expect(saveErrorText(new ApiError(0, 'Failed to fetch'), t)).toBe('Không kết nối được tới máy chủ.');
  });
});
