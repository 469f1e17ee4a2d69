package vn.sla.sim;

import vn.sla.core.event.EventType;

/**
 * One lifecycle event of a planned dossier. The RECEIVED-only fields (unit, field, channel)
 * live on the {@link DossierPlan}; {@code dueAt} is the promised time on RECEIVED, the
 * recomputed one on RESUMED, the new return date on APOLOGY_ISSUED, else null.
 */
record PlannedEvent(EventType type, long occurredAt, String eventId, Long dueAt, String toUnitId, String reason) {}
