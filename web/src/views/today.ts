/** "Today" as the job sees it (sla-rules.md "now"), for default date ranges. */
import { isAbort } from '../api';
import { localDateOf } from '../format';
import type { AppContext } from './context';

/** Today of the live figures if any arrived yet, else of /api/clock, else of the wall clock. */
export async function jobToday(ctx: Pick<AppContext, 'live' | 'api'>, signal: AbortSignal): Promise<string> {
  const fromLive = ctx.live.asOf ? localDateOf(ctx.live.asOf) : null;
  if (fromLive) return fromLive;
  try {
    const d = localDateOf((await ctx.api.clock(signal)).asOf);
    if (d) return d;
  } catch (e) {
    if (isAbort(e)) throw e;
  }
  return localDateOf(Date.now()) ?? '1970-01-01';
}

/** Today of the live figures if known, else of the wall clock (no request). */
export function knownToday(ctx: Pick<AppContext, 'live'>): string {
  return (ctx.live.asOf && localDateOf(ctx.live.asOf)) || localDateOf(Date.now()) || '1970-01-01';
}
