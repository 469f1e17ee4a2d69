package vn.sla.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader of {@link EventParser#parse} against the tree reader it stands in for
 * ({@code parseTree}): on random records, valid ones of every type and broken ones (fields
 * missing, null, numbers, objects, arrays, repeated, unknown; text after the object; broken
 * JSON, escapes, any script; bad dates, unknown units and types), both give the same event
 * or the same rejection with the same reason and text.
 */
class EventParserStreamTest {
  private final EventParser parser = new EventParser(Set.of("xa-a", "huyen-b", "tinh")::contains);
  private final Random r = new Random(29);

  private static final String[] TYPES = {
    "RECEIVED", "PAUSED", "RESUMED", "TRANSFERRED", "APOLOGY_ISSUED", "COMPLETED", "RETURNED", "WITHDRAWN", "LOST"
  };
  private static final String[] TEXTS = {
    "xa-a", "huyen-b", "tinh", "nope", "", " ", "Đất đai", "a\\\"b", "tab\\there", "\\u0041\\u00e9", "😀", "x".repeat(130),
    "2025-03-03T08:00:00+07:00", "2025-03-03T08:00+07:00", "2025-03-03T01:00:00Z", "2025-03-03", "ONLINE", "IN_PERSON", "POSTAL",
    "ONLINE ", "dat-dai", "back\\\\slash", "line\\nbreak"
  };

  private String value() {
    return switch (r.nextInt(14)) {
      case 0 -> "null";
      case 1 -> Integer.toString(r.nextInt(100));
      case 2 -> "true";
      case 3 -> "{\"a\":\"b\"}";
      case 4 -> "[\"x\"]";
      default -> "\"" + TEXTS[r.nextInt(TEXTS.length)] + "\"";
    };
  }

  private String record() {
    String type = TYPES[r.nextInt(TYPES.length)];
    List<String> members = new ArrayList<>();
    members.add("\"eventId\":\"e-" + r.nextInt(1000) + "\"");
    members.add("\"dossierId\":\"D-" + r.nextInt(1000) + "\"");
    members.add("\"type\":\"" + type + "\"");
    members.add("\"occurredAt\":\"2025-03-0" + (1 + r.nextInt(9)) + "T08:00:00+07:00\"");
    members.add("\"unitId\":\"" + (r.nextBoolean() ? "xa-a" : "huyen-b") + "\"");
    members.add("\"field\":\"dat-dai\"");
    members.add("\"channel\":\"ONLINE\"");
    members.add("\"dueAt\":\"2025-03-12T08:00:00+07:00\"");
    members.add("\"toUnitId\":\"tinh\"");
    members.add("\"procedureCode\":\"1.0001\"");
    members.add("\"reason\":\"Thiếu giấy tờ\"");
    // Then some mutations: replaced values, dropped, repeated and unknown members.
    for (int k = r.nextInt(4); k > 0; k--) {
      int i = r.nextInt(members.size());
      String m = members.get(i);
      switch (r.nextInt(5)) {
        case 0 -> members.set(i, m.substring(0, m.indexOf(':') + 1) + value());
        case 1 -> members.remove(i);
        case 2 -> members.add(r.nextInt(members.size() + 1), m);
        case 3 -> members.add(r.nextInt(members.size() + 1), "\"extra" + r.nextInt(3) + "\":" + value());
        default -> members.set(i, m.substring(0, m.indexOf(':') + 1) + " " + value() + " ");
      }
    }
    java.util.Collections.shuffle(members, r);
    String json = "{" + String.join(r.nextBoolean() ? "," : " , ", members) + "}";
    return switch (r.nextInt(12)) {
      case 0 -> json + " {}";
      case 1 -> json.substring(0, r.nextInt(json.length()));
      case 2 -> "[" + json + "]";
      case 3 -> json + "\n";
      case 4 -> " " + json.replace("\":", "\" :");
      case 5 -> json.replace(",", ",,");
      default -> json;
    };
  }

  @Test
  void theStreamReadsEveryRecordAsTheTreeDoes() {
    int ok = 0;
    int bad = 0;
    for (int n = 0; n < 60_000; n++) {
      String text = record();
      ParseResult stream = parser.parse(text);
      ParseResult tree = parser.parseTree(text);
      assertThat(stream).as(text).usingRecursiveComparison().isEqualTo(tree);
      if (tree.isOk()) ok++;
      else bad++;
    }
    // Both outcomes, many times each: the comparison covers the accepted and the refused.
    assertThat(ok).isGreaterThan(10_000);
    assertThat(bad).isGreaterThan(10_000);
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedAsBefore() {
    byte[] broken = "{\"eventId\":\"e\",\"dossierId\":\"d\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    broken[12] = (byte) 0xC3;
    assertThat(parser.parse(broken).rejection().detail()).isEqualTo("value is not valid UTF-8");
  }
}
