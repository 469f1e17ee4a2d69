package vn.sla.core.figures;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One dossier's history as the job publishes it on the compacted dossier-timeline topic
 * (keyed by dossierId; a tombstone when the job forgets the dossier): where it stands and
 * every event the job holds for it, in lifecycle order, refused ones with their reason.
 * An event that comes after the dossier closed (a RETURNED, or one refused because the
 * dossier was closed) is published apart, under {@link #addendumKey}, since the job no longer
 * holds the closed dossier's events. The server answers GET /api/dossiers/{id} from these.
 * Absent values are left out: the record stays small.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DossierTimeline {
  /** Separates a dossier id from an addendum's event fingerprint in a key (a control character: never in an id). */
  public static final char ADDENDUM_SEPARATOR = '\u001f';

  public String dossierId;
  /** OPEN, COMPLETED or WITHDRAWN (a RETURNED dossier is COMPLETED, with its RETURNED event). */
  public String status;
  /** early, onTime or late once completed. */
  public String outcome;
  /** The unit holding it (the last one, once closed). */
  public String unitId;
  public String receivingUnitId;
  public String field;
  public String procedureCode;
  public String channel;
  public String receivedAt;
  /** The SLA due time (after pause shifts). */
  public String dueAt;
  public Long dueAtMillis;
  /** Open and the clock stopped. */
  public Boolean paused;
  public Boolean apologyIssued;
  /** When it was completed or withdrawn. */
  public String closedAt;
  public Event[] events;

  /** One event of the dossier: applied, or refused with the reason code (dossier-events.md). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Event {
    public String eventId;
    public String type;
    public String occurredAt;
    public String unitId;
    public String toUnitId;
    public String dueAt;
    public String reason;
    public boolean applied;
    public String rejectReason;
  }

  /** The key of an event published after the dossier closed. */
  public static String addendumKey(String dossierId, long eventFingerprint) {
    return dossierId + ADDENDUM_SEPARATOR + Long.toHexString(eventFingerprint);
  }
}
