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
