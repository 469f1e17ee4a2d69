package vn.sla.sim;

import java.util.List;
import vn.sla.core.event.Channel;
import vn.sla.core.rules.Outcome;

/**
 * The whole life of one dossier, decided at receipt: its events in time order, and the noise
 * that goes with them (re-sends, bad records), as emissions in the order they are sent.
 * The generator walks the emissions; nothing is decided later, which keeps runs deterministic.
 *
 * @param slaDue the due time the SLA is judged against, after pause shifts
 * @param outcome how the completion is classified, null when never completed (withdrawn)
 */
record DossierPlan(
    String dossierId,
    String unitId,
    String field,
    String procedureCode,
    Channel channel,
    List<PlannedEvent> events,
    List<Emission> emissions,
    long slaDue,
    Outcome outcome) {

  /** What to send when: an event, a re-send of it, or a bad record derived from it. */
  record Emission(long emitAt, SimRecord.Kind kind, int event, long noiseSeed) {}
}
