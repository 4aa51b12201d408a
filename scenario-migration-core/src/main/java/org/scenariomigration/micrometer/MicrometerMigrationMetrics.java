package org.scenariomigration.micrometer;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.scenariomigration.runtime.MigrationEvent;
import org.scenariomigration.runtime.MigrationListener;
import org.scenariomigration.runtime.MigrationMetrics;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.spi.FilledField;

/**
 * Binds the library's metrics to a Micrometer {@link MeterRegistry}. The engine keeps counters and slow-path timings
 * in {@link MigrationMetrics} and publishes {@link MigrationEvent}s; this class turns both into meters. It ships in
 * the core, and {@code io.micrometer:micrometer-core} is an optional dependency: add it (Spring Boot's Actuator does);
 * nothing else in the core refers to Micrometer.
 *
 * <pre>{@code
 * MicrometerMigrationMetrics micrometer = new MicrometerMigrationMetrics(registry, "orders");
 * ScenarioMigration migration = ScenarioMigration.builder()
 *     .listener(micrometer)          // per-class migration counters, from the events
 *     .build();
 * micrometer.bind(migration);        // the engine's own counters and the reconcile slow-path timer
 * }</pre>
 *
 * <p>Every meter carries the tag {@code engine}, so several engines (one per tenant group, a second data source)
 * share one registry, each under its own tag. Binding a second engine with an engine tag already bound to the
 * registry throws {@link MeterBindingException}: its meters would otherwise be Micrometer's existing ones, reading the
 * first engine's counters.
 *
 * <p>Meters (Prometheus spells the dots as underscores and adds {@code _total} to counters):
 *
 * <ul>
 *   <li>{@code scenario_migration.plans_generated}, {@code .plans_approved}, {@code .plans_deployed},
 *       {@code .plans_rolled_back}, {@code .sessions_marked}, {@code .migrations_applied},
 *       {@code .checkpoint_blocks}, {@code .relocations}, {@code .exits}, {@code .rollbacks_applied},
 *       {@code .sessions_moved}: function counters over {@link MigrationMetrics#count(String)};
 *   <li>{@code scenario_migration.gap_fills}, tagged {@code source} = {@code profile}, {@code session} or
 *       {@code extraction};
 *   <li>{@code scenario_migration.reconcile.slow_path}: a function timer over the slow path of
 *       {@link ScenarioMigration#reconcile} (the fast path is not timed), and
 *       {@code scenario_migration.reconcile.slow_path.max}, its longest call;
 *   <li>{@code scenario_migration.migrations}, tagged {@code scenario} (the class the migration applied:
 *       {@code clean_graft}, {@code gap_fill}, or {@code re_route} only when the session was redirected) and
 *       {@code reason} (the teleport reason, the same values): counted from {@link MigrationEvent.MigrationApplied} events, so only while this object
 *       is a registered listener.
 * </ul>
 *
 * <p>{@link #bindDrainStatus} adds, per scenario, the drain status of its versions as gauges (tagged
 * {@code scenario_id}, summed over the tenants the host names).
 *
 * <p>No meter is tagged by tenant, plan or session: those would make the registry grow without bound. Thread-safe.
 */
public final class MicrometerMigrationMetrics implements MigrationListener {
  /** The prefix of every meter name. */
  public static final String PREFIX = "scenario_migration.";

  /** The tag every meter carries, naming the engine. */
  public static final String ENGINE_TAG = "engine";

  /** The counters of {@link MigrationMetrics} bound one to one. */
  static final List<String> COUNTERS = List.of("plans_generated", "plans_approved", "plans_deployed",
      "plans_rolled_back", "sessions_marked", "migrations_applied", "checkpoint_blocks", "relocations", "exits",
      "rollbacks_applied", "sessions_moved");

  private final MeterRegistry registry;
  private final String engine;
  private final Tags tags;
  private volatile ScenarioMigration migration;

  /**
   * A binding to {@code registry} whose meters carry {@code engine=<engine>} and the extra {@code tags}.
   *
   * @throws MeterBindingException when the engine tag is blank
   */
  public MicrometerMigrationMetrics(MeterRegistry registry, String engine, Iterable<Tag> tags) {
    this.registry = requireNonNull(registry, "registry");
    this.engine = requireNonNull(engine, "engine");
    if (engine.isBlank()) {
      throw new MeterBindingException(engine, "engine tag must not be blank but was '" + engine + "'");
    }
    this.tags = Tags.of(requireNonNull(tags, "tags")).and(ENGINE_TAG, engine);
  }

  /** A binding to {@code registry} whose meters carry {@code engine=<engine>}. */
  public MicrometerMigrationMetrics(MeterRegistry registry, String engine) {
    this(registry, engine, Tags.empty());
  }

  /**
   * The engine this binding is bound to ({@link #bind}), or {@code null} before: {@code
   * metrics.bind(builder.listener(metrics).build()).migration()} builds, binds and returns an engine in one expression.
   */
  public ScenarioMigration migration() {
    return migration;
  }

  /** The engine tag of this binding. */
  public String engine() {
    return engine;
  }

  /**
   * Registers the engine's counters and the slow-path timer. Call once per engine; the meters read the engine's
   * {@link ScenarioMigration#metrics()} when the registry is scraped, so they also count what happened before.
   *
   * @throws MeterBindingException when an engine is already bound to the registry under this engine tag (this
   *     binding's or another's with the same tag)
   */
  public MicrometerMigrationMetrics bind(ScenarioMigration migration) {
    MigrationMetrics m = requireNonNull(migration, "migration").metrics();
    if (registry.find(PREFIX + COUNTERS.get(0)).tag(ENGINE_TAG, engine).meter() != null) {
      throw new MeterBindingException(engine, "an engine is already bound to this registry with engine tag '" + engine
          + "': give each engine its own tag");
    }
    this.migration = migration;
    for (String name : COUNTERS) {
      FunctionCounter.builder(PREFIX + name, m, x -> x.count(name)).tags(tags)
          .description("scenario-migration " + name.replace('_', ' ')).register(registry);
    }
    for (FilledField.Source source : FilledField.Source.values()) {
      String counter = "gap_fills." + source.jsonName();
      FunctionCounter.builder(PREFIX + "gap_fills", m, x -> x.count(counter)).tags(tags)
          .tag("source", source.jsonName()).description("gap-fill fields filled, by where the value came from")
          .register(registry);
    }
    FunctionTimer.builder(PREFIX + "reconcile.slow_path", m, MigrationMetrics::slowPathCount,
            MigrationMetrics::slowPathTotalNanos, TimeUnit.NANOSECONDS).tags(tags)
        .description("reconcile calls that found a pending migration or an outdated version").register(registry);
    TimeGauge.builder(PREFIX + "reconcile.slow_path.max", m, TimeUnit.NANOSECONDS,
            MigrationMetrics::slowPathMaxNanos).tags(tags)
        .description("the longest reconcile slow path").register(registry);
    return this;
  }

  @Override
  public void onEvent(MigrationEvent event) {
    if (event instanceof MigrationEvent.MigrationApplied a) {
      String scenario = a.scenario() == null ? "none" : a.scenario().jsonName();
      Counter.builder(PREFIX + "migrations").tags(tags).tag("scenario", scenario)
          .tag("reason", a.reason() == null ? "none" : a.reason())
          .description("migrations applied, by the anchor's class and what the session saw").register(registry)
          .increment();
    }
  }

  /** The gauge of the sessions on versions that are not current, per scenario ({@link #bindDrainStatus}). */
  public static final String DRAIN_SESSIONS = PREFIX + "drain.sessions_on_old_versions";

  /** The gauge of the versions that are safe to retire, per scenario ({@link #bindDrainStatus}). */
  public static final String DRAIN_RETIRABLE = PREFIX + "drain.versions_safe_to_retire";

  /**
   * Registers the drain status of a scenario as two gauges tagged {@code scenario_id} (and this binding's tags), with
   * no tenant or session tag: {@value #DRAIN_SESSIONS}, the sessions that have not ended on versions that are not
   * current, and {@value #DRAIN_RETIRABLE}, the versions that are safe to retire
   * ({@link org.scenariomigration.runtime.MigrationOperations#versionStatuses}), each summed over {@code tenants} (a
   * tenant without the scenario counts 0). Each scrape reads the statuses: per tenant, one count query per stored
   * version and the scenario's plans, so give it the tenants that matter and a scrape interval of seconds, not
   * milliseconds.
   *
   * @throws MeterBindingException when no engine is bound yet ({@link #bind} first)
   */
  public MicrometerMigrationMetrics bindDrainStatus(String scenarioId, java.util.Collection<String> tenants) {
    requireNonNull(scenarioId, "scenarioId");
    List<String> names = List.copyOf(requireNonNull(tenants, "tenants"));
    ScenarioMigration bound = migration;
    if (bound == null) {
      throw new MeterBindingException(engine, "bind(migration) before bindDrainStatus('" + scenarioId + "')");
    }
    io.micrometer.core.instrument.Gauge.builder(DRAIN_SESSIONS,
            () -> drain(bound, scenarioId, names, s -> s.current() ? 0 : s.sessions()))
        .tags(tags).tag("scenario_id", scenarioId)
        .description("sessions still on versions of the scenario that are not current, over the host's tenants")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(DRAIN_RETIRABLE,
            () -> drain(bound, scenarioId, names, s -> s.safeToRetire() ? 1 : 0))
        .tags(tags).tag("scenario_id", scenarioId)
        .description("versions of the scenario that are safe to retire, over the host's tenants")
        .register(registry);
    return this;
  }

  private static double drain(ScenarioMigration m, String scenarioId, List<String> tenants,
      java.util.function.ToLongFunction<org.scenariomigration.runtime.VersionStatus> measure) {
    long sum = 0;
    for (String tenant : tenants) {
      try {
        for (org.scenariomigration.runtime.VersionStatus s : m.operations().versionStatuses(tenant, scenarioId)) {
          sum += measure.applyAsLong(s);
        }
      } catch (org.scenariomigration.runtime.UnknownScenarioException e) {
        // this tenant has no such scenario: nothing to drain
      }
    }
    return sum;
  }
}
