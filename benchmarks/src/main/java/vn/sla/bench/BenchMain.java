package vn.sla.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.core.rules.SlaRules;
import vn.sla.jobs.JobConfig;
import vn.sla.jobs.SlaJob;
import vn.sla.jobs.dossier.DossierFunction;
import vn.sla.jobs.records.InputEvent;
import vn.sla.jobs.records.ParsedRecord;
import vn.sla.jobs.records.UnitDelta;
import vn.sla.jobs.source.RecordParser;
import vn.sla.sim.EventGenerator;
import vn.sla.sim.GeneratorSettings;
import vn.sla.sim.SimRecord;

/**
 * ./sla bench: reproducible measurements on this machine, bounded in size and time.
 * {@code engine}: the SLA job on a pre-generated province stream, source in memory, sinks
 * counting. {@code state}: Flink heap-state bytes per open dossier. Prints one result line
 * per figure, ready for docs/benchmarks.md.
 */
public final class BenchMain {
  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    Path units = Path.of(opt.getOrDefault("units", "deploy/units-sample.csv"));
    int days = Integer.parseInt(opt.getOrDefault("days", "20"));
    double perDay = Double.parseDouble(opt.getOrDefault("dossiers-per-day", "20000"));
    int parallelism = Integer.parseInt(opt.getOrDefault("parallelism", "2"));
    String what = opt.getOrDefault("run", "engine,state");
    UnitRegistry registry = UnitRegistry.load(units);

    long until = OffsetDateTime.parse("2026-06-30T17:00:00+07:00").toInstant().toEpochMilli();
    long from = until - Duration.ofDays(days).toMillis();
    long t0 = System.nanoTime();
    List<SimRecord> records = EventGenerator.generate(registry, new GeneratorSettings(42, perDay, 0.001, 0.002), from, until);
    System.out.printf("generated %,d records (%d days, %,.0f dossiers per working day) in %.1f s%n",
        records.size(), days, perDay, (System.nanoTime() - t0) / 1e9);

    if (what.contains("engine")) engine(registry, records, parallelism, opt);
    int histogram = Integer.parseInt(opt.getOrDefault("histogram", "0"));
    if (what.contains("state")) state(registry, records, until, false, histogram);
    if (what.contains("rocksdb")) state(registry, records, until, true, histogram);
  }

  /** {@code --name=value} arguments, in order; anything else is refused naming it. */
  static Map<String, String> options(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    for (String a : args) {
      if (!a.startsWith("--") || !a.contains("=")) throw new IllegalArgumentException("argument '" + a + "' is not --name=value");
      opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
    }
    return opt;
  }

  private static final java.util.Set<String> JOB_SETTINGS =
      java.util.Set.of("combine-delay", "per-field", "emit-interval", "field-emit-interval", "day-emit-interval", "watermark-interval", "catch-up-watermark-interval", "buffer-timeout", "tolerance", "closed-retention");

  /** The whole job on a MiniCluster; records pre-parsed, so this is the engine alone. */
  static void engine(UnitRegistry registry, List<SimRecord> records, int parallelism, Map<String, String> opt) throws Exception {
    RecordParser parser = new RecordParser(registry);
    long p0 = System.nanoTime();
    List<ParsedRecord> input = new ArrayList<>(records.size());
    for (SimRecord r : records) input.add(parser.parse(null, r.value().getBytes(StandardCharsets.UTF_8), null));
    double parseSeconds = (System.nanoTime() - p0) / 1e9;
    System.out.printf("parse+validate: %,d records in %.2f s = %,.0f records/s on one thread%n",
        input.size(), parseSeconds, input.size() / parseSeconds);

    // The job's own settings may be given too (--combine-delay=PT0S, --per-field=false, ...).
    List<String> jobArgs = new ArrayList<>();
    for (var e : opt.entrySet()) if (JOB_SETTINGS.contains(e.getKey())) jobArgs.add("--" + e.getKey() + "=" + e.getValue());
    JobConfig config = JobConfig.parse(jobArgs.toArray(String[]::new));
    if (!jobArgs.isEmpty()) System.out.println("parse+validate: job settings " + jobArgs);
    // A wall clock that runs, a day after the last event: the replay never counts as caught up
    // by its events, and the job's clock paces watermarks by wall time as it does in production.
    long offset = records.get(records.size() - 1).occurredAt() + Duration.ofDays(1).toMillis() - System.currentTimeMillis();
    // --backend=rocksdb: the state backend the cluster deployments use (deploy/flink/config.yaml),
    // with the MiniCluster's managed memory for its memtables and block cache, as on a TaskManager.
    String backend = opt.getOrDefault("backend", "hashmap");
    if (!backend.equals("hashmap") && !backend.equals("rocksdb")) throw new IllegalArgumentException("--backend is hashmap or rocksdb, not " + backend);
    org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
    conf.set(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND, backend);
    java.nio.file.Path rocksDir = null;
    if (backend.equals("rocksdb")) {
      rocksDir = java.nio.file.Files.createTempDirectory("sla-bench-engine-rocksdb");
      conf.setString("state.backend.rocksdb.localdir", rocksDir.toString());
    }
    // --flink.KEY=VALUE: any Flink setting for the MiniCluster (state.backend.rocksdb.*, memory), to compare.
    for (var e : opt.entrySet()) {
      if (e.getKey().startsWith("flink.")) {
        conf.setString(e.getKey().substring("flink.".length()), e.getValue());
        System.out.println("engine: Flink setting " + e.getKey().substring("flink.".length()) + " = " + e.getValue());
      }
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    CountingSink.COUNT.reset();
    // The records stay in this JVM's memory and the source hands them out by index: env.fromData
    // would serialise all of them into the job graph inside execute(), and that copying (several
    // seconds of the main thread at this size) is not the engine's work.
    InMemoryInput.set(input);
    new SlaJob(config, registry,
            strategy -> env.fromSource(InMemoryInput.source(), strategy, "Records in memory").setParallelism(1),
            new SlaJob.Sinks(new CountingSink<>(), new CountingSink<>(), new CountingSink<>(), new CountingSink<>()),
            () -> System.currentTimeMillis() + offset)
        .build(env);
    long e0 = System.nanoTime();
    env.execute("bench-engine");
    long e1 = System.nanoTime();
    double seconds = (e1 - e0) / 1e9;
    double running = (e1 - InMemoryInput.firstReadNanos()) / 1e9;
    double cpu = (InMemoryInput.processCpuNanos() - InMemoryInput.firstReadCpuNanos()) / 1e9;
    System.out.printf("RESULT engine: %,d events in %.2f s from the first record read to the job's end = %,.0f events/s "
        + "(%.2f s with the MiniCluster's start = %,.0f events/s), parallelism %d, %d cores; %,d records written to the counting sinks; "
        + "CPU %.1f s over those %.2f s (every thread, GC and JIT too) = %.1f µs per event; state backend %s%n",
        input.size(), running, input.size() / running, seconds, input.size() / seconds, parallelism,
        Runtime.getRuntime().availableProcessors(), CountingSink.COUNT.sum(), cpu, running, cpu * 1e6 / input.size(), backend);
    InMemoryInput.set(List.of());
    if (rocksDir != null) deleteTree(rocksDir);
  }

  static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(dir)) {
      for (var f : files.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(f);
    }
  }

  static void dropOutputs(KeyedOneInputStreamOperatorTestHarness<String, InputEvent, UnitDelta> h) {
    h.getOutput().clear();
    for (var tag : List.of(DossierFunction.STATUS, DossierFunction.DEAD_LETTERS, DossierFunction.QUALITY, DossierFunction.TIMELINE)) {
      var q = h.getSideOutput(tag);
      if (q != null) q.clear();
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** Heap keyed state of the lifecycle function after the stream up to a moment, per open dossier. */
  static void state(UnitRegistry registry, List<SimRecord> records, long until, boolean rocksdb, int histogram) throws Exception {
    RecordParser parser = new RecordParser(registry);
    SlaRules rules = SlaRules.defaults();
    long tolerance = Duration.ofMinutes(5).toMillis();
    // Built by hand, not by ProcessFunctionTestHarnesses, which opens it before a state backend can be chosen.
    KeyedOneInputStreamOperatorTestHarness<String, InputEvent, UnitDelta> h = new KeyedOneInputStreamOperatorTestHarness<>(
        new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new DossierFunction(rules, Duration.ofDays(30).toMillis())),
        e -> e.event.dossierId, Types.STRING);
    // The default in-memory checkpoint storage refuses snapshots over 5 MiB.
    h.setCheckpointStorage(new org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage(Integer.MAX_VALUE));
    java.nio.file.Path rocksDir = null;
    if (rocksdb) {
      var backend = new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend(false); // full snapshots: the whole state's size
      rocksDir = java.nio.file.Files.createTempDirectory("sla-bench-rocksdb");
      backend.setDbStoragePath(rocksDir.toString());
      h.setStateBackend(backend);
    }
    h.open();
    long heapBefore = usedHeapAfterGc();
    long fed = 0;
    long lastWatermark = Long.MIN_VALUE;
    java.util.Set<String> open = new java.util.HashSet<>();
    for (SimRecord r : records) {
      ParsedRecord p = parser.parse(null, r.value().getBytes(StandardCharsets.UTF_8), null);
      if (p.ok == null) continue;
      long wm = r.occurredAt() - tolerance;
      if (wm > lastWatermark + 60_000) {
        h.processWatermark(new Watermark(wm));
        lastWatermark = wm;
      }
      h.processElement(new StreamRecord<>(p.ok, r.occurredAt()));
      if (++fed % 10_000 == 0) dropOutputs(h); // the harness keeps every output: not the state's memory
      switch (p.ok.event.type) {
        case RECEIVED -> open.add(p.ok.event.dossierId);
        case COMPLETED, WITHDRAWN -> open.remove(p.ok.event.dossierId);
        default -> {}
      }
    }
    h.processWatermark(new Watermark(until + tolerance + 1));
    dropOutputs(h);
    long heapAfter = usedHeapAfterGc();
    if (histogram > 0) printHistogram(histogram);
    OperatorSubtaskState snapshot = h.snapshot(1L, 1L);
    long bytes = snapshot.getStateSize();
    // The harness counts keys on the heap backend only; RocksDB holds the same keys (same input).
    String tombstones = rocksdb ? "the same closed tombstones as on the heap" : String.format("%,d closed tombstones", h.numKeyedStateEntries() - open.size());
    System.out.printf("RESULT state%s: %,d bytes of keyed state (snapshot size) for %,d open dossiers and %s = %,.0f bytes per "
        + "open dossier (tombstones included)%n", rocksdb ? " (RocksDB, full snapshot)" : " (heap)", bytes, open.size(), tombstones,
        (double) bytes / open.size());
    if (rocksdb) {
      long disk;
      try (var files = java.nio.file.Files.walk(rocksDir)) {
        disk = files.filter(java.nio.file.Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
      System.out.printf("RESULT state (RocksDB): %,d bytes in the working directory = %,.0f per open dossier; JVM heap grew by "
          + "%,d bytes = %,.0f per open dossier%n", disk, (double) disk / open.size(), heapAfter - heapBefore,
          (double) (heapAfter - heapBefore) / open.size());
    } else {
      System.out.printf("RESULT state (heap): the JVM heap grew by %,d bytes (state objects, timers, after a full GC) = %,.0f bytes "
          + "per open dossier: about %,.0f MiB for a million open dossiers like these%n", heapAfter - heapBefore,
          (double) (heapAfter - heapBefore) / open.size(), (heapAfter - heapBefore) / (double) open.size() * 1e6 / 1048576);
    }
    h.close();
    if (rocksDir != null) deleteTree(rocksDir);
  }

  /** The heap's largest classes (jcmd GC.class_histogram, from inside): what the state is made of. */
  static void printHistogram(int lines) throws Exception {
    var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    var name = new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand");
    String text = (String) server.invoke(name, "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
    text.lines().limit(lines + 3L).forEach(l -> System.out.println("histogram " + l));
  }
}
