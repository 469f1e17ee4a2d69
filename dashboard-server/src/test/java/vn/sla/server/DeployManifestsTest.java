package vn.sla.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import vn.sla.core.kafka.KafkaClients;
import vn.sla.jobs.JobConfig;
import vn.sla.jobs.SlaJobMain;
import vn.sla.jobs.bootstrap.LocalCluster;

/**
 * deploy/k8s cannot run here; this reads it and checks it against what the job and the server
 * actually read (setting names and values, ports, the main classes, the jar's path and name, the
 * Flink version), so the manifests cannot drift from the code.
 */
class DeployManifestsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path K8S = ROOT.resolve("deploy/k8s");

  @Test
  void theFlinkDeploymentRunsTheJobAsTheJobReadsIt() throws Exception {
    Map<String, Object> spec = map(resource("flink-deployment.yaml", "FlinkDeployment").get("spec"));
    Map<String, Object> job = map(spec.get("job"));

    // The main class is the job's, and the job accepts every argument (names and values).
    assertThat(job.get("entryClass")).isEqualTo(SlaJobMain.class.getName());
    assertThat(Modifier.isStatic(SlaJobMain.class.getMethod("main", String[].class).getModifiers())).isTrue();
    JobConfig config = JobConfig.parse(strings(job.get("args")).toArray(String[]::new));
    int parallelism = (Integer) job.get("parallelism");
    assertThat(parallelism).isGreaterThanOrEqualTo(4);
    assertThat(config.eventPartitions).as("--event-partitions: every source reader of a rescaled job gets a partition").isGreaterThanOrEqualTo(parallelism);
    assertThat(config.replication).as("--replication on a real Kafka cluster").isGreaterThanOrEqualTo((short) 3);
    assertThat(job.get("upgradeMode")).isIn("savepoint", "last-state");

    // The jar: the image's Dockerfile copies the cluster jar the build makes to the jarURI.
    String version = rootPomVersion();
    String flinkVersion = property(read(ROOT.resolve("pom.xml")), "flink.version");
    String streamPom = read(ROOT.resolve("stream-jobs/pom.xml"));
    String classifier = tag(streamPom, "shadedClassifierName");
    assertThat(tag(streamPom, "mainClass")).isEqualTo(SlaJobMain.class.getName());
    String dockerfile = read(K8S.resolve("Dockerfile.job"));
    Matcher copy = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)$").matcher(dockerfile);
    assertThat(copy.find()).as("Dockerfile.job copies the jar").isTrue();
    assertThat(copy.group(1)).isEqualTo("stream-jobs/target/stream-jobs-" + version + "-" + classifier + ".jar");
    assertThat(job.get("jarURI")).isEqualTo("local://" + copy.group(2));
    assertThat(dockerfile).containsPattern("(?m)^FROM flink:" + Pattern.quote(flinkVersion) + "-java17$");
    String[] mm = flinkVersion.split("\\.");
    assertThat(spec.get("flinkVersion")).isEqualTo("v" + mm[0] + "_" + mm[1]);

    // State backend, checkpoint storage, HA and restarts come from the Flink configuration,
    // and the job fills in none of them (nor anything else: interval and retention are set).
    Map<String, String> flinkConf = new LinkedHashMap<>();
    map(spec.get("flinkConfiguration")).forEach((k, v) -> flinkConf.put(k, String.valueOf(v)));
    Configuration flink = Configuration.fromMap(flinkConf);
    assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).startsWith("s3://");
    assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).startsWith("s3://");
    assertThat(flink.get(HighAvailabilityOptions.HA_MODE)).isEqualTo("kubernetes");
    assertThat(flink.get(HighAvailabilityOptions.HA_STORAGE_PATH)).startsWith("s3://");
    assertThat(flinkConf).containsKey("restart-strategy.type");
    assertThat(LocalCluster.onCluster(flink, config).toMap()).isEmpty();

    // The pods: the S3 plugin of this Flink version, the unit registry and Kafka client file mounted where the job reads them.
    Map<String, Object> container = container(map(map(spec.get("podTemplate")).get("spec")), "flink-main-container");
    Map<String, String> env = env(container);
    assertThat(env.get("ENABLE_BUILT_IN_PLUGINS")).contains("s3").endsWith("-" + flinkVersion + ".jar");
    Set<String> mounts = mountPaths(container);
    assertThat(mounts).contains(parent(config.units), parent(env.get(KafkaClients.ENV)));
    assertThat(port(container, "metrics")).isEqualTo(Integer.parseInt(flinkConf.get("metrics.reporter.prom.port")));
  }

  @Test
  void theDashboardIsServedAsTheServerReadsIt() throws Exception {
    Map<String, Object> deployment = resource("dashboard.yaml", "Deployment");
    Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
    Map<String, Object> container = map(list(pod.get("containers")).get(0));
    Map<String, String> env = serverEnv(container);

    // Every variable given is one the server reads, and the server accepts their values.
    Recording recording = new Recording(env);
    ServerConfig config = ServerConfig.fromEnv(recording);
    Set<String> read = new TreeSet<>(recording.read);
    read.addAll(getenvNames(ROOT.resolve("dashboard-server/src/main/java/vn/sla/server/ServerMain.java")));
    read.add(KafkaClients.ENV);
    assertThat(read).containsAll(env.keySet());
    assertThat(config.host).isEqualTo("0.0.0.0");

    // Port, readiness on /health, the Service to the same port, sticky (sessions are in one server's memory).
    assertThat(port(container, "http")).isEqualTo(config.port);
    Map<String, Object> probe = map(map(container.get("readinessProbe")).get("httpGet"));
    assertThat(probe.get("path")).isEqualTo("/health");
    assertThat(probe.get("port")).isIn("http", config.port);
    Map<String, Object> service = map(resource("dashboard.yaml", "Service").get("spec"));
    assertThat(map(list(service.get("ports")).get(0)).get("targetPort")).isIn("http", config.port);
    assertThat(service.get("sessionAffinity")).isEqualTo("ClientIP");
    assertThat(map(service.get("selector"))).isEqualTo(map(map(map(deployment.get("spec")).get("selector")).get("matchLabels")));

    // The files the server reads are mounted.
    Set<String> mounts = mountPaths(container);
    for (String file : new String[] {config.units, config.usersFile, config.displaysFile, env.get("SLA_ALERT_ACTIONS"), env.get(KafkaClients.ENV)}) {
      assertThat(mounts).contains(parent(file));
    }

    // The image runs the server's main class from the jar the build makes, on the same port.
    String dockerfile = read(K8S.resolve("Dockerfile.dashboard"));
    assertThat(dockerfile).contains("dashboard-server/target/dashboard-server-" + rootPomVersion() + ".jar", ServerMain.class.getName(),
        "EXPOSE " + config.port);
  }

  @Test
  void theJobAndTheServersNameTheSameKafkaInfluxDbAndZone() throws Exception {
    Map<String, Object> spec = map(resource("flink-deployment.yaml", "FlinkDeployment").get("spec"));
    JobConfig job = JobConfig.parse(strings(map(spec.get("job")).get("args")).toArray(String[]::new));
    Map<String, Object> deployment = resource("dashboard.yaml", "Deployment");
    Map<String, Object> container = map(list(map(map(map(deployment.get("spec")).get("template")).get("spec")).get("containers")).get(0));
    Map<String, String> env = serverEnv(container);
    ServerConfig server = ServerConfig.fromEnv(env);
    assertThat(server.bootstrap).isEqualTo(job.bootstrap);
    assertThat(server.influxUrl).isEqualTo(job.influxUrl);
    assertThat(server.influxDb).isEqualTo(job.influxDb);
    assertThat(server.zone).isEqualTo(job.zone);
    assertThat(List.of(server.figuresTopic, server.statusTopic, server.alertTopic, server.alertRulesTopic))
        .isEqualTo(List.of(job.figuresTopic, job.statusTopic, job.alertStateTopic, job.alertRulesTopic));
    assertThat(server.units).endsWith("/" + Path.of(job.units).getFileName());
    Map<String, String> jobEnv = env(container(map(map(spec.get("podTemplate")).get("spec")), "flink-main-container"));
    assertThat(env.get(KafkaClients.ENV)).isEqualTo(jobEnv.get(KafkaClients.ENV));
  }

  // --- reading the manifests ---------------------------------------------------------------

  private static Map<String, Object> resource(String file, String kind) throws IOException {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(read(K8S.resolve(file)))) {
      if (doc != null && kind.equals(map(doc).get("kind"))) found.add(map(doc));
    }
    assertThat(found).as(kind + " in " + file).hasSize(1);
    return found.get(0);
  }

  /** The server's environment: the settings ConfigMap (envFrom) and the container's own variables. */
  private static Map<String, String> serverEnv(Map<String, Object> container) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (Object from : list(container.get("envFrom"))) {
      String name = String.valueOf(map(map(from).get("configMapRef")).get("name"));
      Map<String, Object> cm = resource("settings.yaml", "ConfigMap");
      assertThat(map(cm.get("metadata")).get("name")).isEqualTo(name);
      map(cm.get("data")).forEach((k, v) -> env.put(k, String.valueOf(v)));
    }
    env.putAll(env(container));
    return env;
  }

  private static Map<String, Object> container(Map<String, Object> podSpec, String name) {
    return list(podSpec.get("containers")).stream().map(DeployManifestsTest::map).filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
  }

  private static Map<String, String> env(Map<String, Object> container) {
    Map<String, String> env = new HashMap<>();
    for (Object e : list(container.get("env"))) {
      Map<String, Object> m = map(e);
      env.put(String.valueOf(m.get("name")), m.containsKey("value") ? String.valueOf(m.get("value")) : "(from a secret)");
    }
    return env;
  }

  private static Set<String> mountPaths(Map<String, Object> container) {
    Set<String> paths = new TreeSet<>();
    for (Object m : list(container.get("volumeMounts"))) paths.add(String.valueOf(map(m).get("mountPath")));
    return paths;
  }

  private static int port(Map<String, Object> container, String name) {
    return list(container.get("ports")).stream().map(DeployManifestsTest::map).filter(p -> name.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort")).findFirst().orElseThrow();
  }

  private static String parent(String file) {
    assertThat(file).as("a file setting").isNotNull().startsWith("/");
    return Path.of(file).getParent().toString();
  }

  /** The names ServerMain reads with System.getenv("...") itself (the rest go through ServerConfig). */
  private static Set<String> getenvNames(Path source) throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("System\\.getenv\\(\"([A-Z0-9_]+)\"\\)").matcher(read(source));
    while (m.find()) names.add(m.group(1));
    assertThat(names).isNotEmpty();
    return names;
  }

  private static String rootPomVersion() throws IOException {
    Matcher m = Pattern.compile("<artifactId>sla-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(read(ROOT.resolve("pom.xml")));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String property(String pom, String name) {
    return tag(pom, name);
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(xml);
    assertThat(m.find()).as("<" + name + ">").isTrue();
    return m.group(1).trim();
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }

  private static List<Object> list(Object o) {
    if (o == null) return List.of();
    assertThat(o).isInstanceOf(List.class);
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) o;
    return l;
  }

  private static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  /** An environment that notes every name the server asks for. */
  private static final class Recording extends HashMap<String, String> {
    final Set<String> read = new TreeSet<>();

    Recording(Map<String, String> env) {
      super(env);
    }

    @Override
    public String get(Object key) {
      read.add(String.valueOf(key));
      return super.get(key);
    }

    @Override
    public String getOrDefault(Object key, String dflt) {
      read.add(String.valueOf(key));
      return super.getOrDefault(key, dflt);
    }

    @Override
    public boolean containsKey(Object key) {
      read.add(String.valueOf(key));
      return super.containsKey(key);
    }
  }
}
