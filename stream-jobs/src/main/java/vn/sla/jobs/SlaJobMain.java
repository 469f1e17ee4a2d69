package vn.sla.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.sla.core.registry.RegistryException;
import vn.sla.core.registry.UnitRegistry;
import vn.sla.jobs.bootstrap.InfluxSetup;
import vn.sla.jobs.bootstrap.KafkaJob;
import vn.sla.jobs.bootstrap.LocalCluster;
import vn.sla.jobs.bootstrap.RuleFile;
import vn.sla.jobs.bootstrap.TopicSetup;
import vn.sla.jobs.clock.WallClock;

/**
 * Runs the SLA job on Kafka and InfluxDB. Started with plain {@code java} it runs in a local
 * MiniCluster and resumes from the newest retained checkpoint under --checkpoint-dir; the
 * same jar (the "cluster" classifier) can be submitted to a Flink cluster unchanged, where
 * Flink's configuration decides state backend, checkpoint storage and restarts ({@link LocalCluster}). What it
 * does before the job starts (topics, database, rule file, checkpoints) is in {@code bootstrap/}.
 */
public final class SlaJobMain {
  private static final Logger LOG = LoggerFactory.getLogger(SlaJobMain.class);

  public static void main(String[] args) throws Exception {
    JobConfig config;
    UnitRegistry registry;
    String ruleFile;
    StreamExecutionEnvironment env;
    try {
      config = JobConfig.parse(args);
      if (config.help) {
        System.out.print(JobConfig.usage());
        System.exit(0);
        return;
      }
      registry = UnitRegistry.load(Path.of(config.units));
      LOG.info("Unit registry {}: {} units, roots {}", config.units, registry.size(), registry.roots());
      ruleFile = RuleFile.read(config, registry);
      TopicSetup.ensure(config);
      if (ruleFile != null) RuleFile.publish(config, ruleFile);
      InfluxSetup.ensureDatabase(config);
      env = LocalCluster.environment(config);
    } catch (IllegalArgumentException | IllegalStateException | RegistryException | UncheckedIOException
        | org.apache.flink.configuration.IllegalConfigurationException e) {
      System.err.println("sla-job: " + e.getMessage());
      System.exit(2);
      return;
    }

    KafkaJob.build(env, config, registry, WallClock.SYSTEM);
    env.execute("sla-job");
  }
}
