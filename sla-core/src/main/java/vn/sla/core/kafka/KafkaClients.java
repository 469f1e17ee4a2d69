package vn.sla.core.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The one place every Kafka client of the product (job, server, simulator, benchmarks) takes its
 * connection settings from. A real cluster's TLS or SASL settings ({@code security.protocol},
 * {@code ssl.truststore.location}, {@code sasl.jaas.config}, ...) go in one properties file named
 * by the environment variable {@value #ENV} (or the system property {@value #PROPERTY}); every
 * client then uses them. Keys are Kafka's own names, so this class needs no Kafka classes.
 */
public final class KafkaClients {
  public static final String ENV = "SLA_KAFKA_CLIENT_CONFIG";
  public static final String PROPERTY = "sla.kafka.client.config";

  private KafkaClients() {}

  /** {@code bootstrap.servers} plus the shared client settings; callers add their serdes and roles. */
  public static Properties base(String bootstrap) {
    Properties p = new Properties();
    p.putAll(shared());
    p.put("bootstrap.servers", bootstrap);
    return p;
  }

  /** The file last read and what it held: every client of a process starts from it, read once. */
  private static String readFile;
  private static Properties read;

  /** The settings from the shared file, empty when none is named. A named file that cannot be read stops the caller. */
  public static synchronized Properties shared() {
    String file = System.getProperty(PROPERTY, System.getenv(ENV));
    if (file == null || file.isBlank()) return new Properties();
    if (!file.equals(readFile)) {
      read = load(file);
      readFile = file;
    }
    Properties copy = new Properties();
    copy.putAll(read);
    return copy;
  }

  private static Properties load(String file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("Kafka client settings " + file + " (from " + ENV + ") cannot be read: " + e.getMessage(), e);
    }
    p.remove("bootstrap.servers");
    return p;
  }
}
