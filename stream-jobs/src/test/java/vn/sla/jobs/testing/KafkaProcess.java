package vn.sla.jobs.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Kafka broker (KRaft, combined mode) as its own process, configured from the same
 * template as {@code ./sla up}'s, on free loopback ports. Unlike the in-JVM test kit it can be
 * stopped and started again on the same ports and log: for broker outage tests.
 */
public final class KafkaProcess implements AutoCloseable {
  private final Path dir;
  private final Path conf;
  public final int port;
  private Process process;

  public KafkaProcess() throws Exception {
    dir = Files.createTempDirectory("kafka-process-it");
    port = LocalInflux.freePort();
    int controller = LocalInflux.freePort();
    Path template = repoRoot().resolve("deploy/kafka/server.properties.template");
    conf = dir.resolve("server.properties");
    Files.writeString(conf, Files.readString(template).replace("@KAFKA_PORT@", String.valueOf(port))
        .replace("@CONTROLLER_PORT@", String.valueOf(controller)).replace("@STATE@", dir.toString()));
    run(List.of("kafka.tools.StorageTool", "format", "-t", "a2Fma2EtcHJvY2Vzcy1pdA", "-c", conf.toString(), "--ignore-formatted"))
        .waitFor();
    start();
  }

  static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("deploy/kafka/server.properties.template"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("cannot find deploy/kafka/server.properties.template above " + Path.of("").toAbsolutePath());
    return p;
  }

  private Process run(List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path")));
    cmd.addAll(mainAndArgs);
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.log").toFile())).start();
  }

  /** Starts the broker (again) and waits until it listens. */
  public void start() throws Exception {
    process = run(List.of("kafka.Kafka", conf.toString()));
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("the Kafka broker did not start: " + Files.readString(dir.resolve("kafka.log")));
        }
        Thread.sleep(200);
      }
    }
  }

  /** Stops the broker (its log stays): an outage. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  public String bootstrap() {
    return "localhost:" + port;
  }

  @Override
  public void close() throws Exception {
    if (process != null && process.isAlive()) stop();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
