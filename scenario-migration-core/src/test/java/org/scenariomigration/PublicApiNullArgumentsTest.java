package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.scenariomigration.condition.ConditionEngine;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.report.PlanReport;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.policy.PolicyJson;
import org.scenariomigration.scenario.ScenarioJson;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.TransformationMap;
import org.scenariomigration.runtime.MigrationConfig;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.MigrationMode;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * Every public method of the library's entry points refuses a {@code null} argument with a
 * {@link NullPointerException} that names the parameter, before it does anything: never an anonymous exception from
 * deep inside a map. Parameters documented as nullable are listed in {@link #NULLABLE}.
 */
class PublicApiNullArgumentsTest {
  /** Parameters that accept null on purpose, as {@code method.parameter}. */
  private static final Set<String> NULLABLE = Set.of("setMode.mode", "startSession.startedAt",
      "setUncoveredAction.action");

  private final ScenarioVersion v1 = Seeds.v1();

  private Object sample(Class<?> type) {
    if (type == String.class) {
      return "x";
    }
    if (type == long.class) {
      return -1L; // an ordinal to read after: from the first
    }
    if (type == int.class) {
      return 1;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == ScenarioVersion.class) {
      return v1;
    }
    if (type == Map.class) {
      return Map.of();
    }
    if (type == List.class) {
      return List.of();
    }
    if (type == Set.class) {
      return Set.of();
    }
    if (type == MigrationMode.class) {
      return MigrationMode.AUTO;
    }
    if (type == Consumer.class) {
      return (Consumer<Object>) x -> { };
    }
    if (type == Supplier.class) {
      return (Supplier<String>) () -> "id";
    }
    if (type == MigrationPlan.class) {
      return MigrationPlanner.create().plan(PlanRequest.builder("t", v1, Seeds.v2AgeInserted()).build());
    }
    if (type == TransformationMap.class) {
      return MigrationPlanner.create().diff(v1, Seeds.v2AgeInserted());
    }
    if (type == ConditionEngine.class) {
      return ConditionEngine.builtIn();
    }
    if (type == PlanRequest.class) {
      return PlanRequest.builder("t", v1, Seeds.v2AgeInserted()).build();
    }
    if (type == java.time.Instant.class) {
      return java.time.Instant.EPOCH;
    }
    if (type == java.util.function.Consumer.class) {
      return (java.util.function.Consumer<Object>) x -> { };
    }
    if (type == org.scenariomigration.spi.ProfileField.class) {
      return new org.scenariomigration.spi.ProfileField("age", 30, "host", 1.0, null);
    }
    if (type == Clock.class) {
      return Clock.systemUTC();
    }
    if (type == MigrationConfig.class) {
      return MigrationConfig.DEFAULTS;
    }
    if (type == org.scenariomigration.session.EndReason.class) {
      return org.scenariomigration.session.EndReason.ABANDONED;
    }
    if (type == org.scenariomigration.plan.RolloutSchedule.class) {
      return org.scenariomigration.plan.RolloutSchedule.builder().step(100, java.time.Duration.ZERO, 0).build();
    }
    if (type == org.scenariomigration.runtime.UncoveredAction.class) {
      return org.scenariomigration.runtime.UncoveredAction.PIN;
    }
    if (type == org.scenariomigration.runtime.SessionQuery.class) {
      return org.scenariomigration.runtime.SessionQuery.builder("order-flow").build();
    }
    throw new AssertionError("no sample of " + type);
  }

  /** Calls every public method with each reference argument null in turn; returns what went wrong. */
  private List<String> violations(Class<?> type, Object instance) throws Exception {
    List<String> out = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()
          || Modifier.isStatic(m.getModifiers()) != (instance == null)) {
        continue;
      }
      Parameter[] params = m.getParameters();
      for (int i = 0; i < params.length; i++) {
        if (params[i].getType().isPrimitive() || NULLABLE.contains(m.getName() + "." + params[i].getName())) {
          continue;
        }
        Object[] args = new Object[params.length];
        for (int k = 0; k < params.length; k++) {
          args[k] = k == i ? null : sample(params[k].getType());
        }
        String where = type.getSimpleName() + "." + m.getName() + "(" + params[i].getName() + " = null)";
        try {
          m.invoke(instance, args);
          out.add(where + " accepted null");
        } catch (InvocationTargetException e) {
          Throwable t = e.getCause();
          boolean named = t instanceof NullPointerException && t.getMessage() != null
              && t.getMessage().contains(params[i].getName());
          // a JSON reader refuses a null document as malformed JSON, the library's exception for a bad document
          boolean nullDocument = t instanceof ScenarioMigrationException && params[i].getName().equals("json")
              && t.getMessage().contains("the document is null");
          if (!named && !nullDocument) {
            out.add(where + " threw " + t);
          }
        }
      }
    }
    return out;
  }

  @Test
  void every_public_operation_of_the_engine_names_the_null_argument_it_refuses() throws Exception {
    assertThat(Parameter.class.getMethod("isNamePresent").invoke(
        ScenarioMigration.class.getMethod("reconcile", String.class, String.class).getParameters()[0]))
        .as("compiled with -parameters").isEqualTo(true);

    ScenarioMigration engine = ScenarioMigration.builder().build();
    assertThat(violations(ScenarioMigration.class, engine)).isEmpty();
    assertThat(violations(MigrationOperations.class, engine.operations())).isEmpty();
  }

  @Test
  void the_planner_the_json_formats_and_the_review_name_the_null_argument_they_refuse() throws Exception {
    List<String> all = new ArrayList<>();
    all.addAll(violations(MigrationPlanner.class, MigrationPlanner.create()));
    for (Class<?> c : List.of(ScenarioJson.class, PlanJson.class, PolicyJson.class, PlanReport.class)) {
      all.addAll(violations(c, null));
    }
    assertThat(all).isEmpty();
  }
}
