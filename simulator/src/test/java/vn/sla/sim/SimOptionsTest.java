package vn.sla.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimOptionsTest {
  @Test
  void defaults() throws Exception {
    SimOptions o = SimOptions.parse();
    assertThat(o).isEqualTo(SimOptions.defaults());
    assertThat(o.bootstrap()).isEqualTo("localhost:9092");
    assertThat(o.topic()).isEqualTo("dossier-events");
    assertThat(o.units()).isEqualTo(Path.of("deploy/units-sample.csv"));
    assertThat(o.backfillDays()).isEqualTo(14);
    assertThat(o.speed()).isEqualTo(1.0);
    assertThat(o.seed()).isEqualTo(42);
    assertThat(o.dossiersPerDay()).isEqualTo(2700);
    assertThat(o.badRate()).isEqualTo(0.001);
    assertThat(o.duplicateRate()).isEqualTo(0.002);
    assertThat(o.out()).isNull();
    assertThat(o.until()).isNull();
  }

  @Test
  void everyOption() throws Exception {
    SimOptions o = SimOptions.parse("--bootstrap=kafka:19092", "--topic=t", "--units=u.csv", "--backfill-days=3",
        "--speed=60", "--seed=-7", "--dossiers-per-day=100", "--bad-rate=0.01", "--duplicate-rate=0",
        "--out=x.jsonl", "--until=2025-11-21T17:00:00+07:00");
    assertThat(o.bootstrap()).isEqualTo("kafka:19092");
    assertThat(o.speed()).isEqualTo(60.0);
    assertThat(o.seed()).isEqualTo(-7);
    assertThat(o.out()).isEqualTo(Path.of("x.jsonl"));
    assertThat(o.until().toString()).isEqualTo("2025-11-21T17:00+07:00");
    assertThat(SimOptions.parse("--out=x", "--until=2025-11-21T17:00").until().getOffset().getTotalSeconds()).isEqualTo(7 * 3600);
  }

  @Test
  void badArgumentsNameTheArgument() {
    assertThatThrownBy(() -> SimOptions.parse("--speed=fast")).hasMessageContaining("--speed").hasMessageContaining("fast");
    assertThatThrownBy(() -> SimOptions.parse("--speed=0")).hasMessageContaining("--speed");
    assertThatThrownBy(() -> SimOptions.parse("--backfill-days=-1")).hasMessageContaining("--backfill-days");
    assertThatThrownBy(() -> SimOptions.parse("--bad-rate=2")).hasMessageContaining("--bad-rate");
    assertThatThrownBy(() -> SimOptions.parse("--dossiers-per-day=1.5")).hasMessageContaining("--dossiers-per-day");
    assertThatThrownBy(() -> SimOptions.parse("--colour=red")).hasMessageContaining("--colour");
    assertThatThrownBy(() -> SimOptions.parse("--seed")).hasMessageContaining("--seed");
    assertThatThrownBy(() -> SimOptions.parse("seed=1")).hasMessageContaining("seed=1");
    assertThatThrownBy(() -> SimOptions.parse("--seed=1", "--seed=2")).hasMessageContaining("twice");
    assertThatThrownBy(() -> SimOptions.parse("--out=x", "--until=tomorrow")).hasMessageContaining("--until");
    assertThatThrownBy(() -> SimOptions.parse("--until=2025-11-21T17:00:00+07:00")).hasMessageContaining("--until");
    assertThatThrownBy(() -> SimOptions.parse("--topic=")).hasMessageContaining("--topic");
    assertThatThrownBy(() -> SimulatorMain.loadRegistry(SimOptions.parse("--units=/nonexistent.csv")))
        .isInstanceOf(SimOptions.BadArgumentException.class).hasMessageContaining("--units");
  }

  @Test
  void liveEveryDayIsASwitchOffByDefault() throws Exception {
    assertThat(SimOptions.defaults().liveEveryDay()).isFalse();
    assertThat(SimOptions.parse("--seed=1").liveEveryDay()).isFalse();
    SimOptions on = SimOptions.parse("--live-every-day", "--speed=60");
    assertThat(on.liveEveryDay()).isTrue();
    assertThat(on.speed()).isEqualTo(60.0);
    assertThat(on).isEqualTo(new SimOptions("localhost:9092", "dossier-events", Path.of("deploy/units-sample.csv"), 14, 60.0,
        42, 2700, 0.001, 0.002, null, null, true));
    assertThat(SimOptions.parse("--live-every-day=true").liveEveryDay()).isTrue();
    assertThat(SimOptions.parse("--live-every-day=false").liveEveryDay()).isFalse();
    assertThatThrownBy(() -> SimOptions.parse("--live-every-day=sometimes")).hasMessageContaining("--live-every-day")
        .hasMessageContaining("sometimes");
    assertThatThrownBy(() -> SimOptions.parse("--live-every-day", "--live-every-day")).hasMessageContaining("twice");
    // It shapes the live part only; the file export writes history.
    assertThatThrownBy(() -> SimOptions.parse("--live-every-day", "--out=x")).hasMessageContaining("--live-every-day")
        .hasMessageContaining("--out");
    // Other arguments still need their value.
    assertThatThrownBy(() -> SimOptions.parse("--speed")).hasMessageContaining("needs a value");
    assertThat(SimOptions.USAGE).contains("--live-every-day").contains("06:00-22:00");
  }
}
