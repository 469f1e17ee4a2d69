package vn.sla.server.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import vn.sla.core.registry.UnitRegistry;

/**
 * Users from a file, one per line: {@code username:ROLE:unit1;unit2:pbkdf2-sha256$iterations$salt$hash}.
 * Passwords are only ever stored as salted, slow PBKDF2 hashes. A bad line stops start-up
 * with a message naming it.
 */
public final class Users {
  private static final int ITERATIONS = 210_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Entry(Caller caller, String hash) {}

  private final Map<String, Entry> users;

  private Users(Map<String, Entry> users) {
    this.users = users;
  }

  public static Users empty() {
    return new Users(Map.of());
  }

  public static Users load(Path file, UnitRegistry registry) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read the users file: " + e.getMessage());
    }
    Map<String, Entry> m = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String where = file + ": line " + (i + 1) + ": ";
      String[] p = line.split(":", 4);
      if (p.length != 4) throw new IllegalArgumentException(where + "expected username:ROLE:units:hash");
      Role role;
      try {
        role = Role.valueOf(p[1]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + "role '" + p[1] + "' is not ADMIN, LEADERSHIP, CHIEF or DISPLAY");
      }
      List<String> scope = new ArrayList<>();
      for (String u : p[2].split(";")) {
        if (u.isBlank()) continue;
        if (!registry.contains(u)) throw new IllegalArgumentException(where + "unit '" + u + "' is not in the registry");
        scope.add(u);
      }
      if (role != Role.ADMIN && scope.isEmpty()) throw new IllegalArgumentException(where + "a " + role + " needs at least one unit");
      if (role == Role.CHIEF && scope.size() != 1) throw new IllegalArgumentException(where + "a CHIEF has exactly one unit");
      if (!p[3].startsWith("pbkdf2-sha256$") || p[3].split("\\$").length != 4) {
        throw new IllegalArgumentException(where + "the password must be a pbkdf2-sha256 hash (see ./sla hash-password)");
      }
      if (m.containsKey(p[0])) throw new IllegalArgumentException(where + "user '" + p[0] + "' is defined twice");
      m.put(p[0], new Entry(new Caller(p[0], role, List.copyOf(scope)), p[3]));
    }
    return new Users(m);
  }

  /** The caller when the password matches; null otherwise (same work either way). */
  public Caller authenticate(String username, String password) {
    Entry e = username == null ? null : users.get(username);
    if (e == null || password == null) {
      verify(password == null ? "" : password, DUMMY);
      return null;
    }
    return verify(password, e.hash) ? e.caller : null;
  }

  public Caller get(String username) {
    Entry e = users.get(username);
    return e == null ? null : e.caller;
  }

  public static String hash(String password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] h = pbkdf2(password, salt, ITERATIONS);
    Base64.Encoder b = Base64.getEncoder().withoutPadding();
    return "pbkdf2-sha256$" + ITERATIONS + "$" + b.encodeToString(salt) + "$" + b.encodeToString(h);
  }

  private static final String DUMMY = hash("dummy password for constant-time misses");

  static boolean verify(String password, String stored) {
    String[] p = stored.split("\\$");
    int it = Integer.parseInt(p[1]);
    byte[] salt = Base64.getDecoder().decode(p[2]);
    byte[] expected = Base64.getDecoder().decode(p[3]);
    return MessageDigest.isEqual(expected, pbkdf2(password, salt, it));
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException(e);
    }
  }
}
