/**
 * The alert rule editor's logic, without the DOM: the text shown for the rule set in force,
 * a syntax check that says where the text stops being JSON, and the message for a refused save.
 * The rules themselves are validated by the server only.
 */
import { ApiError, errorMessage } from './api';
import type { Translator } from './i18n';
import type { AlertRulesAnswer } from './types';

/** The editor's text when no rule set was ever published. */
export const RULES_SKELETON = '{\n  "rules": []\n}';

/** The rule set in force, pretty-printed (2-space indent), or the empty skeleton. */
export function rulesEditorText(answer: Pick<AlertRulesAnswer, 'rules'> | null | undefined): string {
  const rules = answer?.rules;
  if (rules === null || rules === undefined || typeof rules !== 'object') return RULES_SKELETON;
  return JSON.stringify(rules, null, 2);
}

/** Where a text stops being JSON: offset (UTF-16 units), line and column (from 1), what is there (null: the end). */
export interface JsonProblem {
  offset: number;
  line: number;
  column: number;
  found: string | null;
}

export type JsonCheck =
  | { ok: true; value: unknown }
  /** `problem` is null only when the place could not be found; `message` is the browser's. */
  | { ok: false; problem: JsonProblem | null; message: string };

class Stop {
  constructor(readonly at: number) {}
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/**
 * The offset of the first error of a text read as JSON (RFC 8259), or null when there is
 * none. Browsers word JSON.parse's errors differently and some give no position at all.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const expect = (c: string) => {
    if (text[i] !== c) throw new Stop(i);
    i++;
  };
  const string = () => {
    expect('"');
    for (;;) {
      if (i >= text.length) throw new Stop(i);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) throw new Stop(i);
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!isHex(text[i])) throw new Stop(i);
            i++;
          }
        } else throw new Stop(i);
      } else i++;
    }
  };
  const digits = () => {
    if (!isDigit(text[i])) throw new Stop(i);
    while (isDigit(text[i])) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        string();
        ws();
        expect(':');
        value();
        ws();
        if (text[i] !== ',') break;
        i++;
      }
      expect('}');
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] !== ',') break;
        i++;
      }
      expect(']');
    } else if (c === '"') {
      string();
    } else if (c === '-' || isDigit(c)) {
      number();
    } else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!word) throw new Stop(i);
      i += word.length;
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    throw e;
  }
}

/** Line and column (from 1) of an offset, and the character there. */
export function jsonProblemAt(text: string, offset: number): JsonProblem {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  const cp = offset < text.length ? text.codePointAt(offset) : undefined;
  return { offset, line, column: offset - lineStart + 1, found: cp === undefined ? null : String.fromCodePoint(cp) };
}

/** Parses the editor's text; when it is not JSON, says where (JSON.parse decides, the scan only places). */
export function checkJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    let offset: number | null = null;
    try {
      offset = jsonErrorOffset(text);
    } catch {
      // Nested too deep for the scan (stack overflow): no place to show.
    }
    return { ok: false, problem: offset === null ? null : jsonProblemAt(text, offset), message };
  }
}

/** The check's verdict as a sentence. */
export function jsonCheckMessage(check: JsonCheck, t: Translator): string {
  if (check.ok) {
    const rules = check.value && typeof check.value === 'object' ? (check.value as { rules?: unknown }).rules : undefined;
    return Array.isArray(rules) ? t('rulesCheckOkCount', { count: rules.length }) : t('rulesCheckOk');
  }
  const p = check.problem;
  if (!p) return t('rulesCheckBad', { message: check.message });
  if (p.found === null) return t('rulesCheckEnd', { line: p.line, column: p.column });
  return t('rulesCheckAt', { line: p.line, column: p.column, found: JSON.stringify(p.found) });
}

/**
 * A refused save: the server's own message, word for word (it names the rule and the
 * problem); only an unreachable server gets the generic sentence.
 */
export function saveErrorText(e: unknown, t: Translator): string {
  if (e instanceof ApiError && e.status !== 0 && e.message) return e.message;
  return errorMessage(e, t);
}
