package org.scenariomigration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.runtime.MigrationOperations;
import org.scenariomigration.runtime.RetentionReport;
import org.scenariomigration.runtime.ScenarioMigration;
import org.scenariomigration.runtime.VersionNotRetirableException;
import org.scenariomigration.runtime.VersionStatus;
import org.scenariomigration.scenario.Seeds;

/** The README's "Drain status and retiring versions", compiled and run. */
class ReadmeDrainStatusTest {

  @Test
  void a_version_is_retired_once_nothing_holds_it() {
    ScenarioMigration migration = ScenarioMigration.builder()
        .clock(new MovableClock(Instant.parse("2026-02-02T08:00:00Z"))).build();
    migration.publish("tenant-1", Seeds.v1());
    migration.startSession("tenant-1", "session-42", "customer-7", "whatsapp", "order-flow");
    MigrationOperations ops = migration.operations();
    MigrationPlan plan = ops.generatePlan("tenant-1", Seeds.v2PaymentDownstream(), "operator@example.com");
    ops.approve("tenant-1", plan.id(), "lead@example.com");
    ops.deploy("tenant-1", plan.id());
    List<String> refusal = List.of();
    // README-BEGIN
    VersionStatus v1 = ops.versionStatus("tenant-1", "order-flow", 1);   // sessions, plans, current, safe_to_retire
    System.out.println(v1.reasons());   // [plan ... (deployed, version 1 to 2) has 1 session still to settle, 1 session
                                        //  still on it (0 pinned, 1 pending a migration)]
    List<VersionStatus> all = ops.versionStatuses("tenant-1", "order-flow");   // every stored version, oldest first
    try {
      ops.retireVersion("tenant-1", "order-flow", 1, false);   // refused while anything holds it; force = true forces
    } catch (VersionNotRetirableException e) {
      refusal = e.status().reasons();   // the same reasons; nothing was changed
    }
    migration.reconcile("tenant-1", "session-42");   // its last session migrates: version 1 is drained
    RetentionReport retired = ops.retireVersion("tenant-1", "order-flow", 1, false);   // purgedVersions: order-flow@1
    // README-END

    assertThat(v1.safeToRetire()).isFalse();
    assertThat(v1.reasons()).containsExactly(
        "plan " + plan.id() + " (deployed, version 1 to 2) has 1 session still to settle",
        "1 session still on it (0 pinned, 1 pending a migration)");
    assertThat(all).extracting(VersionStatus::version).containsExactly(1, 2);
    assertThat(refusal).isEqualTo(v1.reasons());
    assertThat(retired.purgedVersions()).containsExactly("order-flow@1");
    assertThat(migration.session("tenant-1", "session-42").version()).isEqualTo(2);
  }

  @Test
  void the_readme_shows_this_code() throws Exception {
    ReadmeQuickstartTest.assertReadmeSectionIsTheCodeOf("## Drain status and retiring versions",
        Path.of("src/test/java/org/scenariomigration/ReadmeDrainStatusTest.java"));
  }
}
