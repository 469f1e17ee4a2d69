/** Shapes of the server's JSON, as in api-and-operations.md, api-notes.md and websocket-protocol.md. */

export interface PendingFigures {
  total: number;
  inTime: number;
  dueSoon: number;
  overdue: number;
  paused: number;
  overdueWithoutApology: number;
}

export interface TodayFigures {
  received: number;
  completed: number;
  early: number;
  onTime: number;
  late: number;
  withdrawn: number;
}

/** Live figures of a unit and its subtree at "now" (`asOf`). */
export interface UnitFigures {
  unitId: string;
  asOf?: string;
  /** The local date "today" refers to (an extension of the contract). */
  date?: string;
  pending: PendingFigures;
  today: TodayFigures;
  /** The month so far and its progress score, live (an extension of the contract; absent from older servers). */
  monthToDate?: MonthToDateFigures;
}

export interface MonthToDateFigures {
  from: string;
  completed: number;
  early: number;
  onTime: number;
  late: number;
  progressScore766: number;
}

export type PendingField = keyof PendingFigures;
export type TodayField = keyof TodayFigures;

export const PENDING_FIELDS: readonly PendingField[] = [
  'total',
  'inTime',
  'dueSoon',
  'overdue',
  'paused',
  'overdueWithoutApology',
];
export const TODAY_FIELDS: readonly TodayField[] = ['received', 'completed', 'early', 'onTime', 'late', 'withdrawn'];

export interface Me {
  username: string;
  role: string;
  scope: string[];
  displayName?: string;
}

export interface UnitInfo {
  unitId: string;
  name: string;
  parentId: string | null;
  level: string;
}

export type Bucket = 'overdue' | 'dueSoon' | 'paused' | 'inTime';

export interface Dossier {
  dossierId: string;
  unitId: string;
  field: string;
  channel: string;
  receivedAt: string;
  dueAt: string;
  bucket: Bucket;
  apologyIssued: boolean;
}

export interface DossierPage {
  total: number;
  items: Dossier[];
}

export interface Report {
  unitId: string;
  from: string;
  to: string;
  carriedOver: number;
  received: { total: number; online: number; inPerson: number; postal: number };
  transferredIn: number;
  transferredOut: number;
  completed: {
    total: number;
    early: number;
    onTime: number;
    late: number;
    earlyRate: number;
    onTimeRate: number;
    lateRate: number;
  };
  withdrawn: number;
  pendingAtEnd: { total: number; inTime: number; overdue: number; paused: number };
  progressScore766: number;
}

/** One row of a report's breakdown: a child unit (or the unit's own desk), or a field. */
export interface BreakdownRow extends Report {
  /** The child unit's id, `self` for the unit's own desk, or the field's code. */
  key: string;
  name: string;
}

/** `GET /api/units/{id}/report/breakdown?by=unit|field&from=&to=` (api-notes.md). */
export interface ReportBreakdown {
  unitId: string;
  by: 'unit' | 'field';
  from: string;
  to: string;
  /** The unit's own report: the rows add up to it. */
  total: Report;
  rows: BreakdownRow[];
}

/** `GET /api/alerts/thresholds?unit=` (api-notes.md). */
export interface AlertThresholds {
  unitId: string;
  progressScore766: { ruleId: string; name: string; severity: string; fire: number; clear: number }[];
}

/** `GET /api/units/{id}/overdue-ranking?month=YYYY-MM&limit=N` (api-notes.md). */
export interface OverdueRanking {
  unitId: string;
  month: string;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  units: { unitId: string; name: string; overdue: number; lateCompleted: number; overdueAtEnd: number; previous: number; change: number }[];
}

/** One day of `GET /api/units/{id}/history` (api-notes.md). */
export interface HistoryDay {
  date: string;
  received: number;
  completed: number;
  early: number;
  onTime: number;
  late: number;
  withdrawn: number;
  pendingEnd: { total: number; inTime: number; overdue: number; paused: number };
}

export interface History {
  unitId: string;
  from: string;
  to: string;
  days: HistoryDay[];
}

/** `GET /api/quality`: running totals of rejected records by reason, duplicates and late events. */
export interface QualityCounts {
  asOf?: string;
  counts: Record<string, number>;
}

/** A wall-display token as listed by `GET /api/displays` (the token itself is shown only once). */
export interface DisplayInfo {
  id: string;
  name: string;
  units: string[];
  createdAt?: string;
  createdBy?: string;
  url?: string;
}

/** The answer to `POST /api/displays`. */
export interface CreatedDisplay {
  id: string;
  token: string;
  url?: string;
}

/** Severity of an alert rule (alerting.md). */
export type AlertSeverity = 'WARNING' | 'CRITICAL';

/** What a rule measures; OVERDUE_SHARE is a fraction (0..1), the others are counts. */
export type AlertMetric = 'OVERDUE_COUNT' | 'OVERDUE_SHARE' | 'DUE_SOON_COUNT' | 'OVERDUE_WITHOUT_APOLOGY' | 'LATE_TODAY';

/** A firing alert, as the job publishes it on `alert-state` and `GET /api/alerts` lists it. */
export interface AlertEvent {
  /** ruleId|unitId|firedAt: the same firing keeps its id until it resolves. */
  alertId: string;
  ruleId: string;
  /** The rule's name, in Vietnamese (from the rules file). */
  ruleName: string;
  unitId: string;
  /** WARNING or CRITICAL; kept as a string, an unknown value is shown as it is. */
  severity: string;
  metric: string;
  state: string;
  value: number;
  threshold: number;
  pending: number;
  /** When it fired (job clock, ISO date-time with offset). */
  firedAt: string;
  firedAtMillis: number;
  /** When this state began. */
  at: string;
  atMillis: number;
}

/** Who acknowledged an alert, and when (`POST /api/alerts/{id}/ack`). */
export interface AlertAck {
  alertId: string;
  by: string;
  at: string;
}

/** A silence (`POST /api/alerts/silences`): alerts of the rule (or all) on the unit's subtree are not sent out until then. */
export interface AlertSilence {
  id: string;
  ruleId: string | null;
  unitId: string;
  untilMillis: number;
  until: string;
  by: string;
  at: string;
  reason: string | null;
}

export interface ActiveAlert extends AlertEvent {
  acknowledged?: AlertAck;
  silenced?: AlertSilence;
}

/** `GET /api/alerts`: the firing alerts of the caller's units, and the silences on them. */
export interface AlertsAnswer {
  asOf: string | null;
  active: ActiveAlert[];
  silences: AlertSilence[];
  /**
   * Set while the job catches up with its input (an import, a replay): the alerts are being
   * worked out from history and none is news; `inputProgress` says how far it has come.
   */
  catchingUp?: true;
  inputProgress?: string | null;
}

/** The body of `POST /api/alerts/silences`. */
export interface SilenceRequest {
  unitId: string;
  ruleId?: string;
  /** 1 … 43200 (30 days). */
  minutes: number;
  reason?: string;
}

/**
 * `GET /api/alerts/history?from=&to=`: state changes read from InfluxDB. The rows are maps
 * whose fields may be missing, strings ("12.0", "null") or numbers; see alerts.ts.
 */
export interface AlertHistoryAnswer {
  from: string;
  to: string;
  changes: Record<string, unknown>[];
}

/** `GET /api/alert-rules` (administrators): the rule set in force, null when none was ever published. */
export interface AlertRulesAnswer {
  rules: { rules: unknown[] } | null;
  updatedBy: string | null;
  /** ISO date-time with offset. */
  updatedAt: string | null;
}

/** The answer to `PUT /api/alert-rules`: how many rules were published, by whom, when. */
export interface AlertRulesSaved {
  rules: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** One event of a dossier's timeline (GET /api/dossiers/{id}). */
export interface DossierEventInfo {
  eventId: string;
  type: 'RECEIVED' | 'PAUSED' | 'RESUMED' | 'TRANSFERRED' | 'APOLOGY_ISSUED' | 'COMPLETED' | 'RETURNED' | 'WITHDRAWN';
  occurredAt: string;
  unitId?: string;
  toUnitId?: string;
  dueAt?: string;
  reason?: string;
  applied: boolean;
  rejectReason?: string;
}

export type Outcome = 'early' | 'onTime' | 'late';

/** One dossier, open or closed, with its events in occurredAt order. */
export interface DossierDetail {
  dossierId: string;
  status: 'OPEN' | 'COMPLETED' | 'WITHDRAWN';
  bucket?: Bucket;
  outcome?: Outcome;
  unitId: string;
  receivingUnitId: string;
  field: string;
  procedureCode?: string;
  channel: string;
  receivedAt: string;
  dueAt: string;
  apologyIssued: boolean;
  paused?: boolean;
  closedAt?: string;
  asOf?: string;
  events: DossierEventInfo[];
}

export interface DossierMatch {
  dossierId: string;
  status: DossierDetail['status'];
  bucket?: Bucket;
  outcome?: Outcome;
  unitId: string;
  receivingUnitId: string;
  field: string;
  receivedAt: string;
  dueAt: string;
}

export interface DossierSearch {
  q: string;
  total: number;
  items: DossierMatch[];
}

export interface ForecastDay {
  date: string;
  becomesOverdue: number;
  items: Dossier[];
}

export interface Forecast {
  unitId: string;
  asOf: string | null;
  days: ForecastDay[];
}

/** What narrows a unit's chase list (GET /api/units/{id}/dossiers). */
export interface ChaseQuery {
  bucket?: Bucket | null;
  field?: string | null;
  apology?: boolean | null;
  minDaysOverdue?: number | null;
  limit: number;
  offset: number;
}
