package vn.sla.bench;

import vn.sla.core.kafka.KafkaClients;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.source.RecordParser;
import vn.sla.sim.EventGenerator;
import vn.sla.sim.GeneratorSettings;
import vn.sla.sim.SimRecord;

/**
 * {@code ./sla bench --run=replay}: history replayed through the whole path, on a stack of its
 * own. A generated province history (all event types, bad records and duplicates included) is
 * produced to {@code dossier-events} as fast as the broker takes it while the job (already
 * running, as after {@code ./sla up}) reads it, writes InfluxDB and its output topics; it has
 * caught up when the job's clock, seen through the dashboard server, leaves history and follows
 * the wall clock. Then, for the raw limit, one plain consumer reads and parses the same topic.
 * InfluxDB is asked what it stored. Figures: #2 (full path against the raw limit), #3 (a
 * province-year, extrapolated from the measured rate), #8 (InfluxDB points and series).
 */
public final class ReplayBench {
  /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
  private static final double TICKS = 100.0;

  static long jobPid(String pidFile) {
    if (pidFile == null) return -1;
    try {
      return Long.parseLong(java.nio.file.Files.readString(Path.of(pidFile)).trim());
    } catch (Exception e) {
      return -1;
    }
  }

  /** The stack's processes by name (the pid files in the job's pid file's folder), and this benchmark's own as "benchmark (producer)". */
  static Map<String, Long> stackPids(String jobPidFile) {
    Map<String, Long> pids = new java.util.TreeMap<>();
    if (jobPidFile != null) {
      try (var files = java.nio.file.Files.list(Path.of(jobPidFile).getParent())) {
        for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
          long pid = jobPid(f.toString());
          if (pid > 0) pids.put(f.getFileName().toString().replace(".pid", ""), pid);
        }
      } catch (Exception e) {
        // no breakdown then
      }
    }
    pids.put("benchmark (producer)", ProcessHandle.current().pid());
    return pids;
  }

  /** utime + stime of a process, in ticks; 0 when it cannot be read. */
  static long processCpuTicks(long pid) {
    if (pid <= 0) return 0;
    try {
      String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (Exception e) {
      return 0;
    }
  }

  /** Every core's busy time (all but idle and iowait), in ticks; 0 when it cannot be read. */
  static long machineBusyTicks() {
    try {
      String[] f = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
      return busy;
    } catch (Exception e) {
      return 0;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = BenchMain.options(args);
    URI http = URI.create(opt.getOrDefault("http", "http://127.0.0.1:18080"));
    String token = opt.get("token");
    String bootstrap = opt.getOrDefault("bootstrap", "localhost:19092");
    String influx = opt.getOrDefault("influx", "http://127.0.0.1:18086");
    String topic = opt.getOrDefault("topic", "dossier-events");
    UnitRegistry registry = UnitRegistry.load(Path.of(opt.getOrDefault("units", "deploy/units-sample.csv")));
    int days = Integer.parseInt(opt.getOrDefault("days", "30"));
    double perDay = Double.parseDouble(opt.getOrDefault("dossiers-per-day", "20000"));

    long until = System.currentTimeMillis() - Duration.ofHours(2).toMillis();
    long from = until - Duration.ofDays(days).toMillis();
    List<SimRecord> records = EventGenerator.generate(registry, new GeneratorSettings(42, perDay, 0.001, 0.002), from, until);
    long dossiers = records.stream().filter(r -> r.type() == vn.sla.core.event.EventType.RECEIVED).count();
    System.out.printf("replay: %,d records (%d days, about %,.0f dossiers per working day, %,d dossiers) into a running job%n",
        records.size(), days, perDay, dossiers);

    Properties p = KafkaClients.base(bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    String root = registry.roots().get(0);
    // The CPU the job process took (the wall-clock rate here drifts by a fifth between runs; the CPU less so), and the machine's.
    long jobPid = jobPid(opt.get("job-pid-file"));
    long jobCpu0 = processCpuTicks(jobPid);
    long machineCpu0 = machineBusyTicks();
    // Where the rest of the machine's CPU goes: every process of the stack (its pid files sit beside the job's), and this one (the producer).
    Map<String, Long> stackPids = stackPids(opt.get("job-pid-file"));
    Map<String, Long> stackCpu0 = new java.util.LinkedHashMap<>();
    stackPids.forEach((name, pid) -> stackCpu0.put(name, processCpuTicks(pid)));
    long t0 = System.nanoTime();
    int partitions;
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (SimRecord r : records) producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
      // Then a marker on every partition: a dossier of a field no one else uses. When the province's figures for that
      // field count them all, every partition has been read up to its marker and written out.
      partitions = producer.partitionsFor(topic).size();
      String iso = LiveBench.iso(until);
      String due = LiveBench.iso(until + Duration.ofDays(5).toMillis());
      for (int i = 0; i < partitions; i++) {
        String id = "BENCH-MARKER-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(topic, i, id, "{\"eventId\":\"" + id + "\",\"dossierId\":\"" + id + "\",\"type\":\"RECEIVED\","
            + "\"occurredAt\":\"" + iso + "\",\"unitId\":\"" + root + "\",\"field\":\"bench-marker\",\"channel\":\"ONLINE\","
            + "\"dueAt\":\"" + due + "\"}"));
      }
      producer.flush();
    }
    double produced = (System.nanoTime() - t0) / 1e9;
    System.out.printf("RESULT replay: produced %,d records in %.1f s (%,.0f records/s) while the job read them%n",
        records.size(), produced, records.size() / produced);

    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(60).toMillis();
    String markerQuery = "SELECT last(\"pending_total\") FROM \"unit_field_live\" WHERE \"unit\" = '" + root
        + "' AND \"field\" = 'bench-marker' AND time > now() - 3650d";
    double caughtUp;
    while (true) {
      if (count(client, influx, markerQuery) >= partitions) {
        // Less the 3 s of silence after which the job's clock follows the wall clock and the last figures go out.
        caughtUp = (System.nanoTime() - t0) / 1e9 - 3;
        break;
      }
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("the job did not catch up within 60 minutes");
      Thread.sleep(200);
    }
    long jobCpu = processCpuTicks(jobPid) - jobCpu0;
    long machineCpu = machineBusyTicks() - machineCpu0;
    double fullRate = records.size() / caughtUp;
    System.out.printf("RESULT 2 full path: %,d records from Kafka through the job to InfluxDB and the output topics, and the "
        + "server's clock, in %.1f s = %,.0f records/s%n", records.size(), caughtUp, fullRate);
    if (jobPid > 0) {
      System.out.printf("RESULT 2 CPU: the job process %.1f s (%.0f µs per record), the whole machine %.1f s of its %d cores' %.1f s, "
          + "from the first record produced until the job had caught up%n", jobCpu / TICKS, jobCpu / TICKS * 1e6 / records.size(),
          machineCpu / TICKS, Runtime.getRuntime().availableProcessors(), (caughtUp + 3) * Runtime.getRuntime().availableProcessors());
      StringBuilder by = new StringBuilder();
      stackPids.forEach((name, pid) -> by.append(by.length() == 0 ? "" : ", ").append(name).append(' ')
          .append(String.format("%.1f s", (processCpuTicks(pid) - stackCpu0.get(name)) / TICKS)));
      System.out.println("RESULT 2 CPU by process, over the same time: " + by);
    }

    // The raw limit: one consumer that only reads and parses (validates) the same records.
    Properties c = KafkaClients.base(bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    RecordParser parser = new RecordParser(registry);
    long read = 0;
    long ok = 0;
    long r0 = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long idleSince = System.currentTimeMillis();
      while (read < records.size() && System.currentTimeMillis() - idleSince < 30_000) {
        var batch = consumer.poll(Duration.ofMillis(500));
        if (!batch.isEmpty()) idleSince = System.currentTimeMillis();
        for (var r : batch) {
          read++;
          if (parser.parse(r.key(), r.value(), null).ok != null) ok++;
        }
      }
    }
    double rawSeconds = (System.nanoTime() - r0) / 1e9;
    double rawRate = read / rawSeconds;
    System.out.printf("RESULT 2 raw limit: one consumer read and parsed %,d records (%,d valid) in %.1f s = %,.0f records/s; "
        + "the full path is %.0f%% of it (target: at least 50%%)%n", read, ok, rawSeconds, rawRate, 100 * fullRate / rawRate);
    double yearEvents = 7_000_000;
    System.out.printf("RESULT 3 province-year replay, extrapolated from the full-path rate: %,.0f events (the issue's year: "
        + "1.2 million dossiers, about 6 events each; this history has %.1f records per dossier) in about %.1f min "
        + "(target: under 3 min)%n", yearEvents, (double) records.size() / Math.max(1, dossiers), yearEvents / fullRate / 60);

    // What InfluxDB holds now: stored points (a point written twice for the same second is stored once) and series.
    long points = 0;
    StringBuilder per = new StringBuilder();
    for (String[] m : new String[][] {{"unit_live", "pending_total"}, {"unit_day", "received_online"},
        {"unit_field_live", "pending_total"}, {"unit_field_day", "received_online"}}) {
      long n = count(client, influx, "SELECT count(\"" + m[1] + "\") FROM \"" + m[0] + "\" WHERE time > now() - 3650d");
      points += n;
      per.append(per.length() > 0 ? ", " : "").append(m[0]).append(' ').append(String.format("%,d", n));
    }
    long series = count(client, influx, "SHOW SERIES CARDINALITY");
    System.out.printf("RESULT 8 InfluxDB: %,d points stored by the replay (%s) = %,.0f points/s over the replay; %,d series "
        + "for %d units%n", points, per, points / caughtUp, series, registry.size());
    System.exit(0);
  }

  /** The first number of an InfluxQL answer (a count), 0 when none. */
  static long count(HttpClient client, String influx, String q) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(influx + "/query?db=sla&q="
        + URLEncoder.encode(q, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    JsonArray results = new JsonObject(r.body()).getJsonArray("results");
    long total = 0;
    for (Object res : results) {
      JsonArray series = ((JsonObject) res).getJsonArray("series");
      if (series == null) continue;
      for (Object s : series) {
        for (Object row : ((JsonObject) s).getJsonArray("values")) {
          JsonArray v = (JsonArray) row;
          Object last = v.getValue(v.size() - 1);
          if (last instanceof Number n) total += n.longValue();
        }
      }
    }
    return total;
  }
}
