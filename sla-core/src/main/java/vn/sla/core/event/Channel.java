package vn.sla.core.event;

/** How a dossier was submitted: trực tuyến, trực tiếp, bưu chính công ích. */
public enum Channel {
  ONLINE,
  IN_PERSON,
  POSTAL
}
