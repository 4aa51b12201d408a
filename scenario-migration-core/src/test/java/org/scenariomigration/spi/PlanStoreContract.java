package org.scenariomigration.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.scenariomigration.spi.StoreFixtures.NASTY;
import static org.scenariomigration.spi.StoreFixtures.T0;
import static org.scenariomigration.spi.StoreFixtures.assertInvalidId;
import static org.scenariomigration.spi.StoreFixtures.withIds;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scenariomigration.IdKind;
import org.scenariomigration.policy.AnchorPolicy;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.MigrationPlanner;
import org.scenariomigration.plan.PlanStatus;
import org.scenariomigration.policy.ScopeFilter;

/** The contract every {@link PlanStore} must pass. Extend it and implement {@link #newStore()}. */
public abstract class PlanStoreContract {

  /** A fresh, empty store. */
  protected abstract PlanStore newStore();

  protected PlanStore store;
  protected MigrationPlanner planner;

  @BeforeEach
  public void setUpStore() {
    store = newStore();
    planner = StoreFixtures.planner(T0);
  }

  private MigrationPlan plan(String tenant, String scenario) {
    return StoreFixtures.plan(planner, tenant, scenario, "op@example.com");
  }

  @Test
  public void an_inserted_plan_round_trips() {
    MigrationPlan p = plan("t1", "order-flow");
    AnchorTransformation a = p.transformationMap().anchors().get(0);
    MigrationPlan withPolicy = p.withPolicies(Map.of(a.anchorContentHash(), AnchorPolicy.defaults(a)
        .withScopeFilter(ScopeFilter.builder().excludeChannels("sms", NASTY).maxSessionAgeDays(3).build())
        .withUpdateDownstream(false)));

    store.insert(withPolicy);

    assertThat(store.find("t1", p.id())).contains(withPolicy);
  }

  @Test
  public void find_of_an_unknown_plan_or_tenant_is_empty() {
    MigrationPlan p = plan("t1", "order-flow");
    store.insert(p);

    assertThat(store.find("t1", "nope")).isEmpty();
    assertThat(store.find("t2", p.id())).isEmpty();
  }

  @Test
  public void inserting_a_taken_id_throws_duplicate_record_and_keeps_the_original() {
    MigrationPlan p = plan("t1", "order-flow");
    store.insert(p);

    assertThatThrownBy(() -> store.insert(p.withStatus(PlanStatus.APPROVED)))
        .isInstanceOf(DuplicateRecordException.class).hasMessageContaining(p.id()).hasMessageContaining("t1")
        .isInstanceOfSatisfying(DuplicateRecordException.class, e -> {
          assertThat(e.tenantId()).isEqualTo("t1");
          assertThat(e.recordKind()).isEqualTo("plan");
          assertThat(e.recordId()).isEqualTo(p.id());
        });
    assertThat(store.find("t1", p.id())).contains(p);
  }

  @Test
  public void the_same_plan_id_in_two_tenants_are_two_plans() {
    MigrationPlan a = plan("t1", "order-flow");
    MigrationPlan b = a.toBuilder().tenantId("t2").status(PlanStatus.REJECTED).createdBy("someone").approvedBy(null)
        .approvedAt(null).deployedAt(null).build();
    store.insert(a);
    store.insert(b);

    assertThat(store.find("t1", a.id())).contains(a);
    assertThat(store.find("t2", a.id())).contains(b);
  }

  @Test
  public void replace_with_the_expected_status_stores_the_new_plan() {
    MigrationPlan p = plan("t1", "order-flow");
    store.insert(p);
    MigrationPlan approved = p.withApproval("lead@example.com", T0.plusSeconds(60));

    store.replace(approved, PlanStatus.PENDING);
    assertThat(store.find("t1", p.id())).contains(approved);

    MigrationPlan deployed = approved.withDeployment(T0.plusSeconds(120));
    store.replace(deployed, PlanStatus.APPROVED);
    assertThat(store.find("t1", p.id())).contains(deployed);
  }

  @Test
  public void replace_with_another_status_throws_naming_both_and_changes_nothing() {
    MigrationPlan p = plan("t1", "order-flow");
    store.insert(p);
    MigrationPlan approved = p.withApproval("lead", T0);
    store.replace(approved, PlanStatus.PENDING);

    assertThatThrownBy(() -> store.replace(p.withStatus(PlanStatus.REJECTED), PlanStatus.PENDING))
        .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("plan")
        .hasMessageContaining("'" + p.id() + "'").hasMessageContaining("'t1'")
        .hasMessageContaining("pending").hasMessageContaining("approved")
        .isInstanceOfSatisfying(ConcurrentUpdateException.class, e -> {
          assertThat(e.tenantId()).isEqualTo("t1");
          assertThat(e.recordKind()).isEqualTo("plan");
          assertThat(e.recordId()).isEqualTo(p.id());
          assertThat(e.expected()).contains("pending");
          assertThat(e.found()).contains("approved");
        });
    assertThat(store.find("t1", p.id())).contains(approved);
  }

  @Test
  public void replace_of_a_missing_plan_throws_and_inserts_nothing() {
    MigrationPlan p = plan("t1", "order-flow");
    store.insert(plan("t1", "order-flow"));

    assertThatThrownBy(() -> store.replace(p, PlanStatus.PENDING)).isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining(p.id());
    assertThat(store.find("t1", p.id())).isEmpty();
    MigrationPlan other = plan("t2", "order-flow");
    assertThatThrownBy(() -> store.replace(other, PlanStatus.PENDING)).isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store.find("t2", other.id())).isEmpty();
  }

  @Test
  public void for_scenario_lists_a_scenarios_plans_oldest_first_within_the_tenant() {
    MigrationPlan a = plan("t1", "order-flow");
    MigrationPlan other = plan("t1", "other-flow");
    MigrationPlan b = plan("t1", "order-flow");
    MigrationPlan c = plan("t2", "order-flow");
    store.insert(b);
    store.insert(other);
    store.insert(c);
    store.insert(a);

    assertThat(a.createdAt()).isBefore(b.createdAt());
    assertThat(store.forScenario("t1", "order-flow")).containsExactly(a, b);
    assertThat(store.forScenario("t1", "other-flow")).containsExactly(other);
    assertThat(store.forScenario("t2", "order-flow")).containsExactly(c);
    assertThat(store.forScenario("t3", "order-flow")).isEmpty();
  }

  @Test
  public void delete_removes_a_plan_and_says_whether_it_existed() {
    MigrationPlan a = plan("t1", "order-flow");
    store.insert(a);

    assertThat(store.delete("t2", a.id())).isFalse();
    assertThat(store.delete("t1", a.id())).isTrue();
    assertThat(store.delete("t1", a.id())).isFalse();
    assertThat(store.find("t1", a.id())).isEmpty();
    assertThat(store.forScenario("t1", "order-flow")).isEmpty();
  }

  @Test
  public void values_with_quotes_and_sql_metacharacters_round_trip() {
    MigrationPlan p = StoreFixtures.plan(planner, NASTY, NASTY, NASTY).withApproval(NASTY, T0);
    store.insert(p);

    assertThat(store.find(NASTY, p.id())).contains(p);
    assertThat(store.forScenario(NASTY, NASTY)).containsExactly(p);
    assertThat(store.find("o'brien", p.id())).isEmpty();
  }
  // ------------------------------------------------------------------------------------------- ids

  /**
   * Keeps the two ids of a look-alike pair apart as tenants (the same plan id in both), as plan ids of one tenant
   * and as scenario ids that {@link PlanStore#forScenario} selects by. Every other id is made unique with {@code k}.
   */
  public void keepsApart(int k, LookAlikeIds.Pair pair) {
    String a = pair.a();
    String b = pair.b();
    MigrationPlan inA = plan(a, "flow-" + k);
    MigrationPlan inB = withIds(inA, inA.id(), b, PlanStatus.REJECTED);
    store.insert(inA);
    store.insert(inB);
    assertThat(store.find(a, inA.id())).contains(inA);
    assertThat(store.find(b, inA.id())).contains(inB);
    MigrationPlan approved = inA.withApproval("lead", T0);
    store.replace(approved, PlanStatus.PENDING);
    assertThat(store.find(b, inA.id())).contains(inB);
    assertThat(store.forScenario(b, "flow-" + k)).containsExactly(inB);
    assertThat(store.delete(a, inA.id())).isTrue();
    assertThat(store.find(b, inA.id())).contains(inB);

    String t = "t-" + k;
    MigrationPlan idA = withIds(plan(t, "order-flow"), a, t, PlanStatus.PENDING);
    MigrationPlan idB = withIds(idA, b, t, PlanStatus.PENDING);
    store.insert(idA);
    store.insert(idB);
    store.replace(idA.withStatus(PlanStatus.REJECTED), PlanStatus.PENDING);
    assertThat(store.find(t, b)).contains(idB);
    assertThat(store.delete(t, b)).isTrue();
    assertThat(store.find(t, a)).contains(idA.withStatus(PlanStatus.REJECTED));
    assertThat(store.find(t, b)).isEmpty();

    String ts = "ts-" + k;
    MigrationPlan forA = plan(ts, a);
    MigrationPlan forB = plan(ts, b);
    store.insert(forA);
    store.insert(forB);
    assertThat(store.forScenario(ts, a)).containsExactly(forA);
    assertThat(store.forScenario(ts, b)).containsExactly(forB);
  }

  @Test
  public void look_alike_ids_never_touch_each_other_in_any_role() {
    LookAlikeIds.forEachPair(this::keepsApart);
  }

  @Test
  public void ids_outside_the_grammar_cannot_make_a_plan_and_find_nothing_not_even_their_look_alike() {
    LookAlikeIds.forEachRefused((j, bad, like) -> {
      String t = "t-" + j;
      MigrationPlan underLike = plan(like, like);
      MigrationPlan idLike = withIds(plan(t, "order-flow"), like, t, PlanStatus.PENDING);
      store.insert(underLike);
      store.insert(idLike);

      assertInvalidId(IdKind.PLAN, bad, () -> withIds(idLike, bad, t, PlanStatus.PENDING));
      assertInvalidId(IdKind.TENANT, bad, () -> withIds(idLike, like, bad, PlanStatus.PENDING));
      assertInvalidId(IdKind.TENANT, bad, () -> plan(bad, "order-flow"));

      assertThat(store.find(bad, underLike.id())).isEmpty();
      assertThat(store.find(t, bad)).isEmpty();
      assertThat(store.forScenario(bad, like)).isEmpty();
      assertThat(store.forScenario(like, bad)).isEmpty();
      assertThat(store.delete(bad, underLike.id())).isFalse();
      assertThat(store.delete(t, bad)).isFalse();

      assertThat(store.find(like, underLike.id())).contains(underLike);
      assertThat(store.find(t, like)).contains(idLike);
    });
  }

  @Test
  public void ids_of_255_utf8_bytes_are_stored_whole_and_one_byte_more_is_refused() {
    List<String> past = LookAlikeIds.pastTheBound();
    for (String id : LookAlikeIds.atTheBound()) {
      MigrationPlan p = withIds(plan(id, id), id, id, PlanStatus.PENDING);
      store.insert(p);
      assertThat(store.find(id, id)).contains(p);
      assertThat(store.forScenario(id, id)).containsExactly(p);
    }
    MigrationPlan any = plan("t", "order-flow");
    for (String p : past) {
      assertInvalidId(IdKind.PLAN, p, () -> withIds(any, p, "t", PlanStatus.PENDING));
      assertInvalidId(IdKind.TENANT, p, () -> withIds(any, "p", p, PlanStatus.PENDING));
      assertInvalidId(IdKind.SCENARIO, p, () -> plan("t", p));
      assertThat(store.find("t", p)).isEmpty();
    }
  }
}
