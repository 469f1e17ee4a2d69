package vn.sla.jobs.source;

import java.io.Serializable;
import vn.sla.core.event.EventParser;
import vn.sla.core.event.ParseResult;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.records.DeadLetter;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.ParsedRecord;

/** Parses raw record bytes with the contract's validation and the unit registry. */
public class RecordParser implements Serializable {
  private final UnitRegistry registry;
  private transient EventParser parser;

  public RecordParser(UnitRegistry registry) {
    this.registry = registry;
  }

  public ParsedRecord parse(byte[] key, byte[] value, String origin) {
    if (parser == null) parser = new EventParser(registry::contains);
    ParseResult r = parser.parse(value);
    if (r.isOk()) return ParsedRecord.ok(new InputEvent(r.event(), value, origin, false));
    return ParsedRecord.bad(new DeadLetter(key, value, r.rejection().reason().name(), r.rejection().detail(), origin));
  }
}
