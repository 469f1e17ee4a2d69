package vn.sla.core.rules;

/** Classification of a completed dossier: trả trước hạn / đúng hạn / quá hạn. */
public enum Outcome {
  EARLY,
  ON_TIME,
  LATE
}
