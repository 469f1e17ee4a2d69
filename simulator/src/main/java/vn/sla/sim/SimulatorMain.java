package vn.sla.sim;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.registry.RegistryException;
import vn.sla.core.registry.UnitRegistry;

/**
 * A province's one-stop desks producing dossier events: to Kafka (backfill, then live), or
 * with {@code --out} to a JSON-lines file. Arguments: see {@link SimOptions#USAGE}.
 * Exit codes: 0 done or stopped by a signal, 1 Kafka or the file failed, 2 bad arguments.
 */
public final class SimulatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorMain.class);

  private SimulatorMain() {}

  public static void main(String[] args) {
    if (SimOptions.wantsHelp(args)) {
      System.out.println(SimOptions.USAGE);
      return;
    }
    SimOptions options;
    UnitRegistry registry;
    try {
      options = SimOptions.parse(args);
      registry = loadRegistry(options);
    } catch (SimOptions.BadArgumentException e) {
      System.err.println("simulator: " + e.getMessage());
      System.err.println(SimOptions.USAGE);
      System.exit(2);
      return;
    }
    Clock clock = Clock.systemUTC();
    if (options.out() != null) {
      try {
        FileExport.run(options, registry, clock);
        System.exit(0);
      } catch (IOException e) {
        LOG.error("cannot write {}: {}", options.out(), e.toString());
        System.exit(1);
      }
      return;
    }
    int rc = runUntilStopped(new KafkaRunner(options, registry, clock));
    // After a signal the JVM is already exiting (System.exit would block): just return.
    if (rc >= 0) System.exit(rc);
  }

  static UnitRegistry loadRegistry(SimOptions options) throws SimOptions.BadArgumentException {
    try {
      UnitRegistry r = UnitRegistry.load(options.units());
      LOG.info("unit registry {}: {} units", options.units(), r.size());
      return r;
    } catch (RegistryException e) {
      throw new SimOptions.BadArgumentException("argument '--units': " + e.getMessage());
    }
  }

  /**
   * Runs until SIGTERM or SIGINT: the shutdown hook asks the runner to stop and waits for it
   * to flush the producer, so the records already generated reach the broker. Returns the
   * exit code, or -1 when stopped by a signal.
   */
  private static int runUntilStopped(KafkaRunner runner) {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean signalled = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signalled.set(true);
      stop.countDown();
      try {
        if (!done.await(20, TimeUnit.SECONDS)) LOG.warn("did not stop within 20 s; exiting anyway");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "simulator-shutdown"));
    int rc = 1;
    try {
      rc = runner.run(stop);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("simulator failed", e);
    } finally {
      done.countDown();
    }
    return signalled.get() ? -1 : rc;
  }
}
