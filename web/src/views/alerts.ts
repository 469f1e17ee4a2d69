/**
 * The list of active alerts, shared by the wall display (large, read-only, at most a few
 * rows), the unit view and the alerts page (with "Xác nhận" and "Tạm tắt" for people who
 * may act). Severity is text, glyph and colour; each row is built once per alert and then
 * only its text updated, so a 5-second refresh neither churns the DOM nor closes a
 * silence form being filled in.
 */
import { isAbort, errorMessage } from '../api';
import {
  actionErrorMessage,
  alertsInSubtree,
  alertsNow,
  countBySeverity,
  alertCondition,
  formatAlertValue,
  formatDuration,
  limitRows,
  metricLabel,
  normalizeAlerts,
  normalizeSilence,
  poll,
  severityStyle,
  SILENCE_CHOICES,
  silenceMinutes,
  sortAlerts,
  type PollResult,
} from '../alerts';
import { h, setText } from '../dom';
import { DASH, formatDate, formatDateTime, formatNumber, formatTime, localDateOf, parseInstant } from '../format';
import type { MessageKey } from '../i18n';
import { unitHref } from '../router';
import type { ActiveAlert, AlertsAnswer } from '../types';
import type { AppContext } from './context';

export interface AlertPanelOptions {
  /** The subtree shown (a unit and everything below it); null: every alert of the caller. */
  root: string | null;
  /** Acknowledge and silence buttons; never for a wall display's session. */
  canAct: boolean;
  /** Rows shown at most; the rest are counted ("+N more"). */
  maxRows?: number;
  /** The wall display's layout: large text, one line per alert, short badges. */
  wall?: boolean;
  /** Unit names link to the unit view (not on a kiosk). */
  links?: boolean;
  /** Called after an acknowledge or a silence went through (fetch the list again). */
  onChanged?: () => void;
  /** Where "+N more" leads (the alerts page), when links are on. */
  moreHref?: string;
}

export interface AlertPanel {
  el: HTMLElement;
  /** Shows another subtree (the wall's rotation), from the list already fetched. */
  setRoot(root: string | null): void;
  /** Shows at most this many rows (the wall on a shorter screen). */
  setMaxRows(n: number): void;
  /** The outcome of one fetch of `GET /api/alerts`. */
  show(result: PollResult<AlertsAnswer>): void;
  destroy(): void;
}

interface Row {
  li: HTMLLIElement;
  update(a: ActiveAlert, now: number): void;
}

/** Puts an element in (after `after`, or first) or takes it out: absent, not hidden, when not relevant. */
function place(parent: HTMLElement, el: HTMLElement, show: boolean, after?: Element | null): void {
  if (show && el.parentNode !== parent) parent.insertBefore(el, after ? after.nextSibling : parent.firstChild);
  if (!show && el.parentNode === parent) el.remove();
}

export function alertPanel(ctx: AppContext, options: AlertPanelOptions): AlertPanel {
  const { t, lang, registry, api } = ctx;
  const wall = options.wall === true;
  const canAct = options.canAct && !ctx.kiosk;
  let maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  let root = options.root;
  let answer: AlertsAnswer | null = null;
  let lastGood = 0;
  let destroyed = false;
  const actions = new AbortController();

  const count = h('span', { class: 'alerts-count', testid: 'alerts-count' }, DASH);
  const critical = h('span', { class: 'alerts-critical sev-critical' });
  const empty = h('p', { class: 'alerts-empty', testid: 'alerts-empty' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, '✓'), ' ', t('alertsNone'));
  const head = h(
    'div',
    { class: 'alerts-head' },
    h('h2', null, t('alertsTitle'), ' ', count),
    critical,
  );
  const errorLine = h('p', { class: wall ? 'alerts-error wall-error-line' : 'error alerts-error', role: 'alert', testid: 'alerts-error' });
  const keptLine = h('p', { class: 'alerts-kept', testid: 'alerts-kept' });
  const catchingLine = h('p', { class: wall ? 'alerts-catching-up wall-catching-up' : 'alerts-catching-up', testid: 'alerts-catching-up' });
  const list = h('ul', { class: wall ? 'alert-list is-wall' : 'alert-list', 'aria-label': t('alertsTitle') });
  const moreText = h('span');
  const more = h(
    'p',
    { class: 'alerts-more', testid: 'alerts-more' },
    moreText,
    options.moreHref && options.links && !ctx.kiosk ? h('span', null, ' · ', h('a', { href: options.moreHref }, t('alertsSeeAll'))) : null,
  );
  const el = h(
    'section',
    // No aria-live: the durations change every minute, a screen reader would never rest.
    { class: wall ? 'wall-panel wall-alerts' : 'panel alerts-panel', testid: 'alerts-panel' },
    head,
    list,
  );
  el.dataset.state = 'loading';
  const rows = new Map<string, Row>();

  // ---------- One row ----------

  const sinceText = (a: ActiveAlert, now: number): string => {
    const fired = a.firedAtMillis || parseInstant(a.firedAt);
    if (fired === null) return DASH;
    const duration = formatDuration(fired, now, t);
    if (wall) {
      // One line on the wall: the time alone for today's alerts, with the date otherwise.
      const sameDay = localDateOf(fired) === localDateOf(now);
      const when = sameDay ? formatTime(fired, lang) : `${formatDate(fired, lang).slice(0, 5)} ${formatTime(fired, lang)}`;
      return `${when} · ${duration}`;
    }
    return `${t('alertSince', { time: formatTime(fired, lang), date: formatDate(fired, lang) })} · ${t('alertFor', { duration })}`;
  };

  function buildRow(first: ActiveAlert): Row {
    const id = first.alertId;
    const sev = severityStyle(first.severity);
    const sevLabel = first.severity === 'CRITICAL' || first.severity === 'WARNING' ? t(sev.label) : first.severity;
    const unitName = registry.name(first.unitId);
    const metric = metricLabel(first.metric);
    const value = h('span', { class: 'alert-value num', testid: 'alert-value' });
    const pending = h('span', { class: 'alert-pending', testid: 'alert-pending' });
    const since = h('span', { class: 'alert-since', testid: 'alert-since' });
    const rule = h('span', { class: 'alert-rule', testid: 'alert-rule', title: first.ruleName }, first.ruleName || first.ruleId || DASH);
    // The rule's condition in words ("Tỷ lệ quá hạn ≥ 10%"): what the room needs to read, never cut.
    const condition = h('span', { class: 'alert-condition', testid: 'alert-condition' });
    const acked = h('span', { class: 'badge badge-acked', testid: 'alert-acked' });
    const silenced = h('span', { class: 'badge badge-silenced', testid: 'alert-silenced' });
    const badges = h('span', { class: 'alert-badges' });
    const rowError = h('p', { class: 'error alert-error', role: 'alert', testid: 'alert-error' });
    const li = h(
      'li',
      { class: `alert-row ${sev.cls}`, testid: 'alert-row', 'data-alert-id': id, 'data-severity': first.severity, 'data-unit-id': first.unitId },
      h('span', { class: 'alert-severity', testid: 'alert-severity' }, h('span', { class: 'glyph', 'aria-hidden': 'true' }, sev.glyph), ' ', sevLabel),
      h(
        'span',
        { class: 'alert-unit', testid: 'alert-unit', title: unitName },
        options.links && !ctx.kiosk ? h('a', { href: unitHref(first.unitId) }, unitName) : unitName,
      ),
      h('span', { class: 'alert-rule-box' }, rule, condition, badges),
      h('span', { class: 'alert-value-box' }, metric && !wall ? h('span', { class: 'alert-metric' }, `${t(metric)}: `) : null, value),
      pending,
      since,
    );

    let current = first;
    let extra: HTMLElement | null = null;
    let ackButton: HTMLButtonElement | null = null;
    const showRowError = (message: string | null) => {
      setText(rowError, message ?? '');
      if (extra) place(extra, rowError, message !== null, extra.lastElementChild);
    };

    if (canAct) {
      ackButton = h('button', { type: 'button', class: 'secondary', testid: 'alert-ack' }, t('alertAck'));
      const silenceButton = h('button', { type: 'button', class: 'secondary', testid: 'alert-silence', 'aria-expanded': 'false' }, t('alertSilence'));
      const minutes = h(
        'select',
        { name: 'minutes', testid: 'alert-silence-minutes' },
        ...SILENCE_CHOICES.map((m) => h('option', { value: String(m) }, t(`silence${m}` as MessageKey))),
      );
      const reason = h('input', { type: 'text', name: 'reason', maxlength: 500, testid: 'alert-silence-reason' });
      const submit = h('button', { type: 'submit', testid: 'alert-silence-submit' }, t('silenceSubmit'));
      const form = h(
        'form',
        { class: 'silence-form', testid: 'alert-silence-form', novalidate: true },
        h('label', null, h('span', null, t('silenceFor')), minutes),
        h('label', null, h('span', null, t('silenceReason')), reason),
        submit,
        h('button', { type: 'button', class: 'secondary', testid: 'alert-silence-cancel', onclick: () => toggleForm(false) }, t('cancel')),
        h('p', { class: 'hint' }, t('silenceNote')),
      );
      const toggleForm = (open: boolean) => {
        silenceButton.setAttribute('aria-expanded', String(open));
        if (extra) place(extra, form, open, extra.querySelector('.alert-actions'));
        if (open) minutes.focus();
      };
      silenceButton.addEventListener('click', () => toggleForm(!form.isConnected));

      /** An action on this alert: the button off while it runs, the row redrawn after, the server's message on refusal. */
      const act = <T>(button: HTMLButtonElement, call: Promise<T>, apply: (answer: T) => void) => {
        button.disabled = true;
        showRowError(null);
        call
          .then((result) => {
            if (destroyed) return;
            apply(result);
            update(current, answer ? alertsNow(answer, Date.now()) : Date.now());
            options.onChanged?.();
          })
          .catch((e: unknown) => {
            if (isAbort(e) || destroyed) return;
            showRowError(actionErrorMessage(e, t));
          })
          .finally(() => {
            button.disabled = false;
          });
      };

      ackButton.addEventListener('click', () => {
        act(ackButton as HTMLButtonElement, api.ackAlert(id, actions.signal), (ack) => {
          current = { ...current, acknowledged: ack ?? { alertId: id, by: ctx.me.displayName || ctx.me.username, at: new Date().toISOString() } };
        });
      });

      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const m = silenceMinutes(minutes.value);
        if (m === null) return;
        const why = reason.value.trim();
        const call = api.silenceAlerts(
          { unitId: current.unitId, ...(current.ruleId ? { ruleId: current.ruleId } : {}), minutes: m, ...(why ? { reason: why } : {}) },
          actions.signal,
        );
        act(submit as HTMLButtonElement, call, (answered) => {
          const s = normalizeSilence(answered);
          if (s) current = { ...current, silenced: s };
          reason.value = '';
          toggleForm(false);
        });
      });

      extra = h('div', { class: 'alert-extra' }, h('div', { class: 'alert-actions' }, ackButton, silenceButton));
      li.append(extra);
    }

    const update = (a: ActiveAlert, now: number) => {
      current = a;
      const threshold = formatAlertValue(a.metric, a.threshold, lang);
      // The wall states the threshold in the condition; the value stands alone there.
      setText(value, wall ? formatAlertValue(a.metric, a.value, lang) : t('alertValue', { value: formatAlertValue(a.metric, a.value, lang), threshold }));
      setText(condition, alertCondition(a.metric, a.threshold, t, lang));
      setText(pending, Number.isFinite(a.pending) ? t('alertPending', { count: formatNumber(a.pending, lang) }) : '');
      setText(since, sinceText(a, now));
      const ack = a.acknowledged;
      if (ack) {
        const full = t('alertAcked', { by: ack.by, time: formatDateTime(ack.at, lang) });
        setText(acked, wall ? `✓ ${t('alertAckedShort')}` : `✓ ${full}`);
        acked.title = full;
      }
      place(badges, acked, !!ack);
      const s = a.silenced;
      if (s) {
        const until = t('alertSilencedUntil', { time: formatDateTime(s.untilMillis || s.until, lang) });
        setText(silenced, wall ? `⊘ ${t('alertSilencedShort')}` : `⊘ ${until}`);
        silenced.title = [until, t('alertSilencedBy', { by: s.by, time: formatDateTime(s.at, lang) }), s.reason ? t('alertSilencedReason', { reason: s.reason }) : '']
          .filter((x) => x)
          .join('\n');
      }
      place(badges, silenced, !!s, ack ? acked : null);
      // Acknowledged once is enough; the button goes.
      if (ackButton && extra) {
        const actionsBox = extra.querySelector('.alert-actions') as HTMLElement;
        place(actionsBox, ackButton, !ack);
      }
    };
    return { li, update };
  }

  // ---------- The list ----------

  function render(): void {
    if (destroyed) return;
    if (!answer) return;
    // While the job digests history, no alert is news: say how far it has come instead.
    place(el, catchingLine, answer.catchingUp === true, head);
    if (answer.catchingUp) {
      setText(catchingLine, answer.inputProgress
        ? t('alertsCatchingUp', { time: formatDateTime(answer.inputProgress, lang) })
        : t('alertsCatchingUpStart'));
      el.dataset.state = 'catching-up';
      setText(count, DASH);
      place(head, critical, false);
      place(head, empty, false);
      place(el, more, false);
      list.replaceChildren();
      rows.clear();
      return;
    }
    const now = alertsNow(answer, Date.now());
    const all = sortAlerts(alertsInSubtree(answer.active, root, registry));
    const { shown, more: hidden } = limitRows(all, maxRows);
    setText(count, formatNumber(all.length, lang));
    const bySeverity = countBySeverity(all);
    setText(critical, bySeverity.critical > 0 ? `✖ ${t('alertsCountCritical', { count: formatNumber(bySeverity.critical, lang) })}` : '');
    place(head, critical, bySeverity.critical > 0, head.firstElementChild);
    place(head, empty, all.length === 0, head.lastElementChild);
    el.dataset.count = String(all.length);

    const keep = new Set(shown.map((a) => a.alertId));
    for (const [id, row] of rows) {
      if (!keep.has(id)) {
        row.li.remove();
        rows.delete(id);
      }
    }
    const order: HTMLLIElement[] = [];
    for (const a of shown) {
      let row = rows.get(a.alertId);
      if (!row) {
        row = buildRow(a);
        rows.set(a.alertId, row);
      }
      row.update(a, now);
      order.push(row.li);
    }
    // Move rows only when the order changed: a form being filled in keeps its focus.
    const currentOrder = Array.from(list.children);
    if (currentOrder.length !== order.length || currentOrder.some((li, i) => li !== order[i])) {
      order.forEach((li) => list.appendChild(li));
    }
    setText(moreText, t('alertsMore', { count: formatNumber(hidden, lang) }));
    place(el, more, hidden > 0, list);
  }

  function show(result: PollResult<AlertsAnswer>): void {
    if (destroyed) return;
    if (result.ok) {
      answer = result.value;
      lastGood = Date.now();
      el.dataset.state = 'ready';
      el.classList.remove('is-stale');
      place(el, errorLine, false);
      place(el, keptLine, false);
      render();
      return;
    }
    if (isAbort(result.error)) return;
    // Never an old list shown as if it were current: the failure is said, and a list kept
    // from earlier is dimmed with the time it is from.
    el.dataset.state = 'error';
    setText(errorLine, t('alertsError', { message: errorMessage(result.error, t) }));
    place(el, errorLine, true, head);
    if (answer) {
      setText(keptLine, t('alertsErrorKept', { time: formatDateTime(lastGood, lang, true) }));
      place(el, keptLine, true, errorLine);
      el.classList.add('is-stale');
    } else {
      setText(count, DASH);
      place(head, empty, false);
    }
  }

  return {
    el,
    setRoot(r) {
      if (r === root) return;
      root = r;
      render();
    },
    setMaxRows(n) {
      if (n === maxRows) return;
      maxRows = n;
      render();
    },
    show,
    destroy() {
      destroyed = true;
      actions.abort();
      rows.clear();
    },
  };
}

export interface AlertsSection extends AlertPanel {
  /** Fetches the list now. */
  refresh(): void;
}

/**
 * An alert panel fed by its own poller (`GET /api/alerts` every 5 s); destroy() stops the
 * poller and aborts whatever is on its way. `onData` sees each good answer (the alerts page
 * takes the rules' names and metrics from it).
 */
export function alertsSection(
  ctx: AppContext,
  options: Omit<AlertPanelOptions, 'onChanged'> & { onData?: (answer: AlertsAnswer) => void },
): AlertsSection {
  const panel = alertPanel(ctx, { ...options, onChanged: () => poller.refresh() });
  const poller = poll(
    (signal) => ctx.api.alerts(signal).then(normalizeAlerts),
    (result) => {
      panel.show(result);
      if (result.ok) options.onData?.(result.value);
    },
  );
  return {
    el: panel.el,
    setRoot: (r) => panel.setRoot(r),
    setMaxRows: (n) => panel.setMaxRows(n),
    show: (r) => panel.show(r),
    refresh: () => poller.refresh(),
    destroy() {
      poller.stop();
      panel.destroy();
    },
  };
}
