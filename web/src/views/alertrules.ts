/**
 * Alert rules (#/alert-rules), for administrators: the rule set in force as JSON in a text
 * box (`GET /api/alert-rules`), a syntax check done here, and "save and apply" (`PUT
 * /api/alert-rules` with the text unchanged; the server validates and names any problem).
 */
import { checkJson, jsonCheckMessage, rulesEditorText, saveErrorText } from '../alertrules';
import { ApiError, errorMessage, isAbort } from '../api';
import { h, replaceChildren, setText } from '../dom';
import { DASH, formatDateTime, formatNumber } from '../format';
import type { MessageKey } from '../i18n';
import type { AlertMetric } from '../types';
import type { AppContext, View } from './context';

const FIELDS: readonly [string, MessageKey][] = [
  ['id', 'rulesFieldId'],
  ['name', 'rulesFieldName'],
  ['unit | subtree | level', 'rulesFieldScope'],
  ['metric', 'rulesFieldMetric'],
  ['fire', 'rulesFieldFire'],
  ['clear', 'rulesFieldClear'],
  ['minPending', 'rulesFieldMinPending'],
  ['holdFor', 'rulesFieldHoldFor'],
  ['severity', 'rulesFieldSeverity'],
];

const METRICS: readonly AlertMetric[] = ['OVERDUE_COUNT', 'OVERDUE_SHARE', 'DUE_SOON_COUNT', 'OVERDUE_WITHOUT_APOLOGY', 'LATE_TODAY'];

/** Status line states: a save `saving|ok|error`, the syntax check `valid|invalid`. */
type StatusState = 'saving' | 'ok' | 'error' | 'valid' | 'invalid';

export function alertRulesView(container: HTMLElement, ctx: AppContext): View {
  const { t, lang, api, roots } = ctx;
  if (ctx.me.role !== 'ADMIN') {
    container.append(h('p', { class: 'error', role: 'alert', testid: 'error' }, t('adminOnly')));
    return { destroy() {} };
  }
  const controller = new AbortController();

  const updated = h('p', { class: 'rules-updated', testid: 'rules-updated' });
  const editor = h('textarea', {
    class: 'rules-editor',
    testid: 'rules-editor',
    name: 'rules',
    rows: 24,
    spellcheck: 'false',
    autocomplete: 'off',
    autocapitalize: 'off',
    autocorrect: 'off',
    wrap: 'off',
    translate: 'no',
    'aria-labelledby': 'rules-editor-title',
  });
  const check = h('button', { type: 'button', class: 'secondary', testid: 'rules-check' }, t('rulesCheck'));
  const save = h('button', { type: 'button', testid: 'rules-save' }, t('rulesSave'));
  const status = h('p', { class: 'rules-status', role: 'status', testid: 'rules-status' });
  const editorBox = h('div', { class: 'rules-editor-box' }, h('p', { class: 'loading' }, t('loading')));

  const help = h(
    'section',
    { class: 'panel rules-help', testid: 'rules-help' },
    h('h2', null, t('rulesHelpTitle')),
    h('p', null, t('rulesHelpIntro')),
    h('dl', { class: 'rules-fields' }, ...FIELDS.flatMap(([field, key]) => [h('dt', null, h('code', null, field)), h('dd', null, t(key))])),
    h('h3', null, t('rulesHelpMetrics')),
    h(
      'ul',
      { class: 'rules-metrics' },
      ...METRICS.map((m) =>
        h('li', null, h('code', null, m), ' — ', t(`metric${m}`), m === 'OVERDUE_SHARE' ? ` (${t('rulesMetricShareNote')})` : null),
      ),
    ),
    h('p', null, t('rulesHelpApply')),
  );

  container.append(
    h(
      'div',
      { class: 'page alert-rules', testid: 'alert-rules-page' },
      h('div', { class: 'page-head' }, h('h1', null, t('alertRulesTitle'))),
      h('p', { class: 'intro' }, t('rulesIntro')),
      editorBox,
      help,
    ),
  );

  const setStatus = (state: StatusState, text: string) => {
    status.dataset.state = state;
    setText(status, text);
  };

  const showUpdated = (by: string | null | undefined, at: string | null | undefined) => {
    setText(updated, by || at ? t('rulesUpdated', { by: by || DASH, time: formatDateTime(at ?? null, lang) }) : t('rulesNeverPublished'));
  };

  check.addEventListener('click', () => {
    const result = checkJson(editor.value);
    setStatus(result.ok ? 'valid' : 'invalid', jsonCheckMessage(result, t));
    if (!result.ok && result.problem) {
      // Put the caret where the text stops being JSON.
      editor.focus();
      editor.setSelectionRange(result.problem.offset, Math.min(editor.value.length, result.problem.offset + 1));
    }
  });

  save.addEventListener('click', () => {
    save.disabled = true;
    setStatus('saving', t('rulesSaving'));
    // The text goes as it is: the server validates it and names the rule and the problem.
    api
      .putAlertRules(editor.value, controller.signal)
      .then((saved) => {
        if (controller.signal.aborted) return;
        setStatus('ok', t('rulesSaved', { count: formatNumber(saved.rules, lang) }));
        showUpdated(saved.updatedBy, saved.updatedAt);
      })
      .catch((e: unknown) => {
        // The editor keeps the user's text, to correct and save again.
        if (!isAbort(e)) setStatus('error', saveErrorText(e, t));
      })
      .finally(() => {
        save.disabled = false;
      });
  });

  async function load(): Promise<void> {
    try {
      const answer = await api.alertRules(controller.signal);
      if (controller.signal.aborted) return;
      editor.value = rulesEditorText(answer);
      showUpdated(answer?.updatedBy, answer?.updatedAt);
      replaceChildren(
        editorBox,
        updated,
        h(
          'section',
          { class: 'panel' },
          h('h2', { id: 'rules-editor-title' }, t('rulesEditor')),
          editor,
          h('div', { class: 'rules-actions' }, check, save),
          status,
        ),
      );
    } catch (e) {
      if (isAbort(e)) return;
      // No editor without the rules in force: saving a blank set over them must not be one click away.
      const message = e instanceof ApiError && e.status === 403 ? t('adminOnly') : errorMessage(e, t);
      replaceChildren(editorBox, h('p', { class: 'error', role: 'alert', testid: 'error' }, message));
    }
  }

  // Keeps the header's "updated at" and connection state meaningful on this page too.
  if (roots[0]) ctx.live.subscribe({ subtree: { unitId: roots[0], depth: 0 } });
  ctx.refreshStatus();
  void load();

  return {
    destroy() {
      controller.abort();
    },
  };
}
