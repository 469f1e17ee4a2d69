package vn.sla.core.figures;

/** Default Kafka topic names; each is configurable. */
public final class Topics {
  public static final String EVENTS = "dossier-events";
  public static final String DLQ = "dossier-events-dlq";
  /** Compacted: latest {@link UnitFigures} per unit, plus the job clock under {@link #CLOCK_KEY}. */
  public static final String UNIT_FIGURES = "unit-figures";
  /** Compacted: {@link DossierStatus} per open dossier, a tombstone when it closes. */
  public static final String DOSSIER_STATUS = "dossier-status";
  /** Key of the job's clock record on the unit-figures topic ('~' is not allowed in a unitId). */
  public static final String CLOCK_KEY = "~clock";

  private Topics() {}
}
