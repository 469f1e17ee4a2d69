package vn.sla.sim;

/**
 * What shapes the simulated province besides its registry.
 *
 * @param seed the run's seed; with the registry and the time range it fixes every record
 * @param dossiersPerDay dossiers the whole province receives on an average working day
 * @param badRate share of lifecycle events followed by a record the pipeline must reject
 * @param duplicateRate share of lifecycle events re-sent unchanged
 */
public record GeneratorSettings(long seed, double dossiersPerDay, double badRate, double duplicateRate) {
  public GeneratorSettings {
    if (!(dossiersPerDay >= 0)) throw new IllegalArgumentException("dossiersPerDay must be >= 0");
    if (!(badRate >= 0 && badRate <= 1)) throw new IllegalArgumentException("badRate must be in [0, 1]");
    if (!(duplicateRate >= 0 && duplicateRate <= 1)) throw new IllegalArgumentException("duplicateRate must be in [0, 1]");
  }

  public static GeneratorSettings defaults() {
    return new GeneratorSettings(42, 2700, 0.001, 0.002);
  }
}
