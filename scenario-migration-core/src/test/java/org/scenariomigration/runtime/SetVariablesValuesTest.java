package org.scenariomigration.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.runtime.RuntimeFixtures.TENANT;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scenariomigration.runtime.RuntimeFixtures.Env;
import org.scenariomigration.spi.Extractor;
import org.scenariomigration.session.SessionState;
import org.scenariomigration.spi.UnsupportedValueException;
import org.scenariomigration.spi.UnsupportedValues;

/** The engine keeps only values of the model: {@code setVariables} and extractor results are checked up front. */
class SetVariablesValuesTest {

  private static Env env() {
    Env env = new Env();
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    return env;
  }

  @Test
  void set_variables_refuses_every_unsupported_value_naming_the_field_and_leaves_the_session_as_it_was() {
    Env env = env();
    SessionState before = env.engine.setVariables(TENANT, "s1", Map.of("kept", 1));

    for (UnsupportedValues.Case bad : UnsupportedValues.cases()) {
      Throwable t = null;
      try {
        env.engine.setVariables(TENANT, "s1", Map.of("kept", 2, "address",
            Map.of("lines", Arrays.asList("a", "b", bad.value()))));
      } catch (Throwable e) {
        t = e;
      }
      bad.check(t, "address.lines[2]");
      assertThat(env.engine.session(TENANT, "s1")).as(bad.name()).isEqualTo(before);
    }
  }

  @Test
  void set_variables_checks_values_before_it_writes_to_the_store() {
    java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    org.scenariomigration.memory.InMemorySessionStore memory = new org.scenariomigration.memory.InMemorySessionStore();
    // a host's store that would keep anything: the engine must refuse before it gets there
    org.scenariomigration.spi.SessionStore lenient = (org.scenariomigration.spi.SessionStore)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {org.scenariomigration.spi.SessionStore.class}, (proxy, method, args) -> {
              if (method.getName().equals("update")) {
                writes.incrementAndGet();
                return args[0];
              }
              if (method.getName().equals("find") || method.getName().equals("findOrNull")) {
                reads.incrementAndGet();
              }
              return method.invoke(memory, args);
            });
    ScenarioMigration engine = ScenarioMigration.builder().sessionStore(lenient)
        .journalStore(memory).build();
    engine.publish(TENANT, RuntimeFixtures.v1());
    engine.startSession(TENANT, "s1", "c1", "web", "order-flow");
    reads.set(0);

    assertThatThrownBy(() -> engine.setVariables(TENANT, "s1", Map.of("due", LocalDate.of(2026, 1, 1))))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("'due'");
    // (the session is read first: the types its versions declare convert values before they are checked)
    assertThat(reads).hasValue(1);
    assertThat(writes).hasValue(0);
  }

  @Test
  void typed_fields_are_converted_first_and_then_checked_and_a_deep_list_for_one_is_refused_without_overflow() {
    Env env = new Env();
    env.engine.publish(TENANT, org.scenariomigration.scenario.ScenarioVersion.builder("order-flow", 1)
        .name("Order Flow")
        .step(org.scenariomigration.scenario.Seeds.welcome().to("checkout"))
        .step(org.scenariomigration.scenario.Seeds.checkout()
            .collects(org.scenariomigration.scenario.CollectedField.required("age",
                org.scenariomigration.scenario.FieldType.INTEGER))
            .collects(org.scenariomigration.scenario.CollectedField.required("birth",
                org.scenariomigration.scenario.FieldType.DATE)))
        .build());
    env.session("s1", "web", "checkout");
    SessionState before = env.engine.session(TENANT, "s1");

    // a date field takes a LocalDate, converted to its ISO text: a value of the model
    SessionState s = env.engine.setVariables(TENANT, "s1", Map.of("birth", LocalDate.of(2001, 2, 3), "age", "24"));
    assertThat(s.variables()).containsEntry("birth", "2001-02-03").containsEntry("age", 24L);
    // a list nested 10,000 deep, given for a typed field, is refused by the type, given for another by the model
    assertThatThrownBy(() -> env.engine.setVariables(TENANT, "s1", Map.of("age", UnsupportedValues.deepList(10_000))))
        .isInstanceOf(org.scenariomigration.scenario.InvalidFieldValueException.class).hasMessageContaining("'age'");
    assertThatThrownBy(() -> env.engine.setVariables(TENANT, "s1", Map.of("x", UnsupportedValues.deepList(10_000))))
        .isInstanceOfSatisfying(UnsupportedValueException.class, e -> assertThat(e.limit()).isEqualTo("MAX_DEPTH"));
    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(s);
    assertThat(before.variables()).isEmpty();
  }

  @Test
  void set_variables_stores_and_returns_the_normal_form() {
    Env env = env();
    Map<String, Object> vars = new LinkedHashMap<>();
    vars.put("zip", 8001);
    vars.put("address", Map.of("street", "Main", "city", "Zürich"));
    vars.put("empty", null);

    SessionState s = env.engine.setVariables(TENANT, "s1", vars);

    assertThat(s).isEqualTo(env.engine.session(TENANT, "s1"));
    assertThat(s.variables().keySet()).containsExactly("address", "empty", "zip");
    assertThat(s.variables()).containsEntry("zip", 8001L).containsEntry("empty", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> address = (Map<String, Object>) s.variables().get("address");
    assertThat(address.keySet()).containsExactly("city", "street");
  }

  @Test
  void an_extractor_returning_an_unsupported_value_fails_the_reconcile_and_changes_nothing() {
    Extractor dates = request -> Optional.of(new Extractor.Extraction(LocalDate.of(2001, 2, 3), 0.99));
    Env env = new Env(MigrationConfig.DEFAULTS, dates);
    env.engine.publish(TENANT, RuntimeFixtures.v1());
    env.session("s1", "web", "checkout");
    env.deploy(RuntimeFixtures.v2AgeInserted());
    SessionState marked = env.engine.session(TENANT, "s1");

    assertThatThrownBy(() -> env.engine.reconcile(TENANT, "s1")).isInstanceOf(UnsupportedValueException.class)
        .hasMessageContaining("'extracted value'").hasMessageContaining("java.time.LocalDate");

    assertThat(env.engine.session(TENANT, "s1")).isEqualTo(marked);
    assertThat(env.journal("s1")).isEmpty();
    assertThat(env.profiles.find(TENANT, "customer-s1", "age")).isEmpty();
    assertThat(env.engine.pendingMigration(TENANT, "s1")).isPresent(); // still waiting for its migration
  }
}
