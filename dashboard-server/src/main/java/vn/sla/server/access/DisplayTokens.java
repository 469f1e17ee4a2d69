package vn.sla.server.access;

import vn.sla.server.JsonFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.sla.core.figures.Json;

/**
 * Wall-display tokens: long random secrets bound to a scope, created and revoked by an
 * administrator, valid until revoked or until the expiry the administrator chose (none: a
 * wall in a meeting room runs for years). Only a SHA-256 of each token is kept (in a JSON file
 * when one is configured, so they survive restarts).
 */
public final class DisplayTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A display as stored: no token, only its hash. */
  public static class Display {
    public String id;
    public String name;
    public List<String> units = new ArrayList<>();
    public String createdAt;
    public String createdBy;
    public String tokenSha256;
    /** When it stops opening anything (ISO-8601 instant); null: until revoked. */
    public String expiresAt;

    boolean expired(Instant now) {
      return expiresAt != null && !now.isBefore(Instant.parse(expiresAt));
    }
  }

  public record Created(Display display, String token) {}

  private final JsonFile store;
  private final Map<String, Display> byId = new LinkedHashMap<>();

  public DisplayTokens(Path file) {
    this.store = new JsonFile(file, "the display tokens");
    if (file != null && Files.exists(file)) {
      try {
        for (Display d : Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Display[].class)) byId.put(d.id, d);
      } catch (IOException e) {
        throw new IllegalArgumentException(file + ": cannot read the display tokens: " + e.getMessage());
      }
    }
  }

  public synchronized Created create(String name, List<String> units, String by) {
    return create(name, units, by, null);
  }

  /** @param expiresAt null: valid until revoked */
  public Created create(String name, List<String> units, String by, Instant expiresAt) {
    Created created;
    long n;
    String snapshot;
    synchronized (this) {
      created = add(name, units, by, expiresAt);
      n = store.number();
      snapshot = Json.write(byId.values());
    }
    store.write(n, snapshot);
    return created;
  }

  private Created add(String name, List<String> units, String by, Instant expiresAt) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Display d = new Display();
    d.id = HexFormat.of().formatHex(secret, 0, 6);
    d.name = name;
    d.units = List.copyOf(units);
    d.createdAt = Instant.now().toString();
    d.createdBy = by;
    d.tokenSha256 = sha256(token);
    d.expiresAt = expiresAt == null ? null : expiresAt.toString();
    byId.put(d.id, d);
    return new Created(d, token);
  }

  public boolean revoke(String id) {
    long n;
    String snapshot;
    synchronized (this) {
      if (byId.remove(id) == null) return false;
      n = store.number();
      snapshot = Json.write(byId.values());
    }
    store.write(n, snapshot);
    return true;
  }

  public synchronized List<Display> all() {
    return List.copyOf(byId.values());
  }

  /** The display, or null when unknown, revoked or expired. */
  public synchronized Display byId(String id) {
    Display d = byId.get(id);
    return d == null || d.expired(Instant.now()) ? null : d;
  }

  /** The display whose token this is, or null; compares hashes in constant time. */
  public synchronized Display byToken(String token) {
    if (token == null || token.length() < 20) return null;
    byte[] h = sha256(token).getBytes(StandardCharsets.US_ASCII);
    Display found = null;
    for (Display d : byId.values()) {
      if (MessageDigest.isEqual(h, d.tokenSha256.getBytes(StandardCharsets.US_ASCII))) found = d;
    }
    return found == null || found.expired(Instant.now()) ? null : found;
  }


  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
