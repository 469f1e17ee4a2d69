package vn.sla.jobs.records;

/** The status of one dossier for the compacted dossier-status topic; json null: tombstone. */
public class StatusRecord {
  public String dossierId;
  public String json;

  public StatusRecord() {}

  public StatusRecord(String dossierId, String json) {
    this.dossierId = dossierId;
    this.json = json;
  }
}
