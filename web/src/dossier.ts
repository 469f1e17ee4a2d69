/**
 * A dossier's timeline as people read it: each event of GET /api/dossiers/{id} turned into a
 * sentence (received where, paused why and for how long, transferred from whom to whom, the
 * apology and the new date promised, completed how early or late, refused and why). Pure, so
 * it is tested without a browser; the dossier page only lays the steps out.
 */
import { daysBetween, formatDate, formatDateTime, formatNumber, localDateOf, parseInstant, type Lang } from './format';
import type { MessageKey, Params, Translator } from './i18n';
import type { DossierDetail, DossierEventInfo } from './types';

export interface TimelineStep {
  eventId: string;
  type: DossierEventInfo['type'];
  occurredAt: string;
  applied: boolean;
  /** The sentence. */
  text: string;
  /** Why it was refused, or the free-text reason given with it. */
  note: string | null;
}

const REJECT_KEYS: Record<string, MessageKey> = {
  NOT_RECEIVED: 'rejNOT_RECEIVED',
  BEFORE_RECEIVED: 'rejBEFORE_RECEIVED',
  SECOND_RECEIVED: 'rejSECOND_RECEIVED',
  PAUSED_WHILE_PAUSED: 'rejPAUSED_WHILE_PAUSED',
  RESUMED_WHILE_RUNNING: 'rejRESUMED_WHILE_RUNNING',
  AFTER_WITHDRAWN: 'rejAFTER_WITHDRAWN',
  AFTER_COMPLETED: 'rejAFTER_COMPLETED',
  RETURNED_BEFORE_COMPLETED: 'rejRETURNED_BEFORE_COMPLETED',
};

/** Why an event was refused, in words; the code itself when it is not one of the lifecycle's. */
export function rejectText(code: string | undefined, t: Translator): string {
  const key = code ? REJECT_KEYS[code] : undefined;
  return key ? t(key) : (code ?? '');
}

const MINUTE = 60_000;

/** A length of time: "2 ngày 3 giờ", "5 giờ 10 phút", "45 phút" (the two largest units). */
export function formatDuration(ms: number, t: Translator, lang: Lang): string {
  const m = Math.max(0, Math.round(ms / MINUTE));
  const days = Math.floor(m / (24 * 60));
  const hours = Math.floor((m % (24 * 60)) / 60);
  const minutes = m % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(t('spanDays', { n: formatNumber(days, lang) }));
  if (hours > 0) parts.push(t('spanHours', { n: formatNumber(hours, lang) }));
  if (days === 0 && (minutes > 0 || hours === 0)) parts.push(t('spanMinutes', { n: formatNumber(minutes, lang) }));
  return parts.slice(0, 2).join(' ');
}

/**
 * The steps of the timeline, in the order of the events. A pause's length runs to the event
 * that ended it (RESUMED, or COMPLETED / WITHDRAWN while paused), or to {@code now} while it lasts.
 */
export function timelineSteps(
  d: DossierDetail,
  unitName: (unitId: string) => string,
  t: Translator,
  lang: Lang,
  now: string | number | null,
): TimelineStep[] {
  const events = d.events;
  let holder: string | null = null;
  let due: number | null = null;
  let pausedAt: number | null = null;
  const steps: TimelineStep[] = [];
  const endOfPause = (from: number): number | null => {
    for (let j = 0; j < events.length; j++) {
      const e = events[j] as DossierEventInfo;
      const at = parseInstant(e.occurredAt);
      if (!e.applied || at === null || at < from) continue;
      if (e.type === 'RESUMED' || e.type === 'COMPLETED' || e.type === 'WITHDRAWN') return at;
    }
    return null;
  };
  events.forEach((e) => {
    const at = parseInstant(e.occurredAt) ?? 0;
    let key: MessageKey;
    let params: Params = {};
    let note: string | null = e.reason ?? null;
    switch (e.type) {
      case 'RECEIVED':
        key = 'tlReceived';
        params = { unit: unitName(e.unitId ?? d.receivingUnitId), due: formatDateTime(e.dueAt ?? d.dueAt, lang) };
        if (e.applied) {
          holder = e.unitId ?? d.receivingUnitId;
          due = parseInstant(e.dueAt ?? d.dueAt);
        }
        break;
      case 'PAUSED': {
        const end = e.applied ? endOfPause(at) : null;
        if (!e.applied) key = 'tlPausedRefused';
        else if (end !== null) key = 'tlPaused';
        else key = 'tlPausedStill';
        const until = end ?? (now === null ? null : typeof now === 'number' ? now : parseInstant(now));
        params = { duration: until === null ? '' : formatDuration(until - at, t, lang) };
        note = e.reason ? t('tlReasonGiven', { reason: e.reason }) : t('tlNoReason');
        if (e.applied) pausedAt = at;
        break;
      }
      case 'RESUMED': {
        let newDue = parseInstant(e.dueAt);
        if (e.applied) {
          if (newDue === null && due !== null && pausedAt !== null) newDue = due + Math.max(0, at - pausedAt);
          if (newDue !== null) due = newDue;
          pausedAt = null;
        }
        key = newDue === null ? 'tlResumedNoDue' : 'tlResumed';
        params = { due: newDue === null ? '' : formatDateTime(newDue, lang) };
        break;
      }
      case 'TRANSFERRED':
        key = 'tlTransferred';
        params = { from: holder ? unitName(holder) : '?', to: unitName(e.toUnitId ?? '') };
        if (e.applied && e.toUnitId) holder = e.toUnitId;
        break;
      case 'APOLOGY_ISSUED':
        key = e.dueAt ? 'tlApology' : 'tlApologyNoDate';
        params = { date: formatDate(e.dueAt, lang) };
        break;
      case 'COMPLETED': {
        const slaDue = d.status === 'COMPLETED' && e.applied ? d.dueAt : due === null ? d.dueAt : new Date(due).toISOString();
        const doneDay = localDateOf(e.occurredAt);
        const dueDay = localDateOf(slaDue);
        const diff = doneDay && dueDay ? daysBetween(doneDay, dueDay) : 0;
        key = diff > 0 ? 'tlCompletedEarly' : diff < 0 ? 'tlCompletedLate' : 'tlCompletedOnTime';
        params = { days: formatNumber(Math.abs(diff), lang), due: formatDate(slaDue, lang) };
        break;
      }
      case 'RETURNED':
        key = 'tlReturned';
        break;
      case 'WITHDRAWN':
        key = 'tlWithdrawn';
        note = e.reason ? t('tlReasonGiven', { reason: e.reason }) : null;
        break;
      default:
        key = 'tlOther';
        params = { type: String((e as DossierEventInfo).type) };
    }
    let text = t(key, params);
    if (!e.applied) {
      text = t('tlRefused', { what: text });
      note = t('tlRefusedBecause', { why: rejectText(e.rejectReason, t) }) + (e.reason ? ` · ${t('tlReasonGiven', { reason: e.reason })}` : '');
    }
    steps.push({ eventId: e.eventId, type: e.type, occurredAt: e.occurredAt, applied: e.applied, text, note });
  });
  return steps;
}

/** How a search box's text is used: a code to search, or null when it is too short to be one (at least 3 characters). */
export function searchText(raw: string): string | null {
  const q = raw.trim();
  return [...q].length >= 3 ? q : null;
}
