package org.scenariomigration.report;

import org.scenariomigration.plan.MigrationPlan;
import org.scenariomigration.plan.PlanFixtures;
import org.scenariomigration.plan.PlanJson;
import org.scenariomigration.plan.PlanRequest;
import org.scenariomigration.plan.PlanWarning;
import org.scenariomigration.policy.ScopeFilter;
import org.scenariomigration.scenario.AnchorTransformation;
import org.scenariomigration.scenario.ContentHash;
import org.scenariomigration.scenario.MigrationScenario;
import org.scenariomigration.scenario.ScenarioVersion;
import org.scenariomigration.scenario.Seeds;
import org.scenariomigration.scenario.Step;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanReportTest {

  private static MigrationPlan plan(ScenarioVersion from, ScenarioVersion to) {
    return PlanFixtures.planner().plan(PlanRequest.builder("t1", from, to).createdBy("operator@example.com").build());
  }

  private static AnchorTransformation anchor(MigrationPlan plan, String name) {
    return plan.transformationMap().anchors().stream().filter(a -> a.anchorName().equals(name)).findFirst()
        .orElseThrow();
  }

  private static String shortHash(MigrationPlan plan, String name) {
    return ContentHash.shortForm(anchor(plan, name).anchorContentHash());
  }

  // ------------------------------------------------------------------------------------------------ text

  @Test
  void text_of_the_gap_fill_example_shows_the_counts_the_field_to_collect_and_the_inserted_step() {
    MigrationPlan plan = plan(Seeds.v1(), Seeds.v2AgeInserted());

    String text = PlanReport.text(plan);

    assertThat(text).startsWith("Migration plan plan-1: order-flow v1 -> v2 [pending]\n"
        + "created by operator@example.com at 2025-03-04T05:06:07.123456789Z\n");
    assertThat(text).contains("  anchors                      3  (clean_graft 1, gap_fill 2, re_route 0)\n");
    assertThat(text).contains("  estimated sessions affected  0\n");
    assertThat(text).contains("  new steps                    1  (Age Verification)\n");
    assertThat(text).contains("  deleted steps                0\n");
    assertThat(text).contains("WARNINGS (0 critical, 0 warning, 2 info)\n");
    assertThat(text).contains("  [info]     Customers at 'Checkout' may be asked for 'age' if not in profile\n");
    assertThat(text).contains("FIELDS TO COLLECT\n  age         at Checkout, Confirm\n");
    assertThat(text).contains("  Checkout  [" + shortHash(plan, "Checkout") + "]  checkout -> checkout\n"
        + "    class                 gap_fill\n"
        + "    inserted upstream     Age Verification (collects age)\n"
        + "    checkpoint conflicts  none\n"
        + "    policy                all sessions; update_downstream=true\n");
    assertThat(text).contains("  Welcome  [" + shortHash(plan, "Welcome") + "]  welcome -> welcome\n"
        + "    class                 clean_graft\n"
        + "    inserted downstream   Age Verification\n");
    assertThat(shortHash(plan, "Checkout")).hasSize(12);
  }

  @Test
  void text_of_the_re_route_example_shows_the_fork_with_its_conditions_and_the_checkpoint_conflict() {
    MigrationPlan plan = plan(Seeds.v1WithPayment(), Seeds.v2AgeForkBeforePayment());

    String text = PlanReport.text(plan);

    assertThat(text).contains("(clean_graft 1, gap_fill 0, re_route 3)");
    assertThat(text).contains("WARNINGS (3 critical, 3 warning, 3 info)\n  [critical] Checkpoint 'Payment' passed by"
        + " sessions at 'Checkout' would be contradicted by a re-route to 'Rejection'");
    // sessions waiting at the checkpoint itself have reached it: the runtime blocks their re-route, the review says so
    assertThat(text).contains("  [critical] Checkpoint 'Payment' passed by sessions at 'Payment' would be contradicted"
        + " by a re-route to 'Rejection'");
    assertThat(text).contains("  [warning]  Sessions at 'Checkout' may be redirected to 'Rejection' by the new fork"
        + " at 'Age Verification' when age < 18\n");
    assertThat(text).contains("  Checkout  [" + shortHash(plan, "Checkout") + "]  checkout -> checkout\n"
        + "    class                 re_route\n"
        + "    inserted upstream     Age Verification (collects age; has conditions)\n"
        + "    new fork              at Age Verification: [age < 18] -> Rejection (diverts); [age >= 18] -> Payment\n"
        + "    checkpoint conflict   'Payment' would be contradicted by a re-route to 'Rejection'\n");
    // the critical warnings come first
    assertThat(text.indexOf("[critical]")).isLessThan(text.indexOf("[warning]"));
    assertThat(text.indexOf("[warning]")).isLessThan(text.indexOf("[info]"));
  }

  @Test
  void text_shows_the_seed_policy_scope_filter_and_a_class_forced_by_a_policy() {
    MigrationPlan plan = plan(Seeds.v1(), Seeds.v2AgeInserted());
    AnchorTransformation checkout = anchor(plan, "Checkout");
    AnchorTransformation confirm = anchor(plan, "Confirm");
    plan = plan.withPolicies(Map.of(
        checkout.anchorContentHash(), plan.policyFor(checkout).withScopeFilter(
            ScopeFilter.builder().includeChannels("whatsapp").maxSessionAgeDays(30).build()),
        confirm.anchorContentHash(), plan.policyFor(confirm).withForceScenario(MigrationScenario.CLEAN_GRAFT)
            .withUpdateDownstream(false)));

    String text = PlanReport.text(plan);

    assertThat(text).contains("  Checkout  [" + shortHash(plan, "Checkout") + "]");
    assertThat(text).contains(
        "    policy                include_channels=[whatsapp], max_session_age_days=30; update_downstream=true\n");
    assertThat(text).contains("    class                 clean_graft (forced by policy; the diff found gap_fill)\n");
    assertThat(text).contains(
        "    policy                all sessions; update_downstream=false; force_scenario=clean_graft\n");
    assertThat(text).contains("(clean_graft 2, gap_fill 1, re_route 0)");
    assertThat(text).contains("[warning]  Policy forces clean_graft at 'Confirm' where the diff found gap_fill");
  }

  @Test
  void text_of_the_clean_graft_example_lists_the_downstream_insertion_at_checkout() {
    MigrationPlan plan = plan(Seeds.v1(), Seeds.v2PaymentDownstream());

    String text = PlanReport.text(plan);

    // Checkout is a clean graft; Confirm now lies behind the Payment step, which collects the card
    assertThat(text).contains("(clean_graft 2, gap_fill 1, re_route 0)");
    assertThat(text).contains("FIELDS TO COLLECT\n  card        at Confirm\n");
    assertThat(text).contains("  Checkout  [" + shortHash(plan, "Checkout") + "]  checkout -> checkout\n"
        + "    class                 clean_graft\n"
        + "    inserted downstream   Payment\n");
  }

  @Test
  void text_says_none_when_nothing_changed() {
    MigrationPlan plan = plan(Seeds.v1(), ScenarioVersion.builder("order-flow", 2).steps(Seeds.v1().steps()).build());

    String text = PlanReport.text(plan);

    assertThat(text).contains("(clean_graft 3, gap_fill 0, re_route 0)");
    assertThat(text).contains("WARNINGS (0 critical, 0 warning, 0 info)\n  none\n");
    assertThat(text).contains("FIELDS TO COLLECT\n  none\n");
    assertThat(PlanReport.markdown(plan)).contains("### Warnings\n\nNone.\n")
        .contains("### Fields to collect\n\nNone.\n");
  }

  @Test
  void text_shows_line_breaks_and_tabs_in_names_escaped_so_every_entry_keeps_its_line() {
    ScenarioVersion v1 = ScenarioVersion.builder("order-flow", 1)
        .step(Seeds.welcome().to("check"))
        .step(Step.builder("check").name("Check\nthe order").description("Checks").to("confirm"))
        .step(Seeds.confirm())
        .build();
    ScenarioVersion v2 = ScenarioVersion.builder("order-flow", 2)
        .step(Seeds.welcome().to("age"))
        .step(Step.builder("age").name("Age\r\ncheck\tnow").description("Asks").collects("age").to("check"))
        .step(Step.builder("check").name("Check\nthe order").description("Checks").to("confirm"))
        .step(Seeds.confirm())
        .build();

    String text = PlanReport.text(plan(v1, v2));

    assertThat(text).contains("  Check\\nthe order  [").contains("inserted upstream     Age\\r\\ncheck\\tnow")
        .doesNotContain("Check\nthe").doesNotContain("Age\r").doesNotContain("check\tnow");
    for (String line : text.split("\n")) {
      assertThat(line).doesNotContain("\r").doesNotContain("\t");
    }
  }

  @Test
  void text_shows_edited_anchors_with_their_reason_and_what_they_ask_again() {
    MigrationPlan plan = plan(PlanFixtures.transferV1(), PlanFixtures.transferV2());

    String text = PlanReport.text(plan);

    assertThat(text).contains("  Ask amount  [").contains("    edited                same id; changed: description,"
        + " fields (score 0.60)\n");
    assertThat(text).contains("    edited upstream       Ask amount (collects currency)\n");
    assertThat(text).contains("Note  [").contains("crosses 'Note'");
    assertThat(plan.summary().warnings()).extracting(PlanWarning::code).contains(PlanWarning.Code.EDITED_ANCHOR,
        PlanWarning.Code.RELOCATION_CROSSES, PlanWarning.Code.COMPUTED_FIELD);
  }

  @Test
  void text_lists_deleted_steps_with_where_their_sessions_go_and_unreachable_steps() {
    MigrationPlan plan = plan(Seeds.v1WithPayment(), PlanFixtures.v2PaymentDeletedWithOrphan());

    String text = PlanReport.text(plan);

    assertThat(text).contains("  deleted steps                1  (Payment)\n");
    String payment = ContentHash.shortForm(Seeds.payment().build().contentHash());
    assertThat(text).contains("DELETED STEPS\n  Payment  [" + payment
        + "]  payment, checkpoint: sessions are relocated forward to 'checkout' [" + shortHash(plan, "Checkout")
        + "]; crosses 'Payment'; checkpoint with no counterpart: sessions that passed it are pinned\n");
    assertThat(text).contains("UNREACHABLE STEPS\n  Orphan (orphan)\n");
    assertThat(text).contains("    removed upstream      Payment\n");
  }

  @Test
  void text_lists_ambiguous_twins_and_a_deleted_step_without_target_exits() {
    MigrationPlan twins = plan(PlanFixtures.twins(1, "a1", "a2"), PlanFixtures.twins(2, "b1", "b2"));
    assertThat(PlanReport.text(twins)).contains("  ambiguous anchors            1\n")
        .contains("AMBIGUOUS ANCHORS\n  Ask  [").contains("]  source [a1, a2], target [b1, b2]\n")
        // both branches of Welcome still lead to Confirm through plain steps: the fork did not change
        .doesNotContain("new fork");

    MigrationPlan legacy = plan(PlanFixtures.v1WithIsolatedLegacyStep(), Seeds.v2AgeInserted());
    assertThat(PlanReport.text(legacy)).contains("  Legacy  [").contains("]  legacy: sessions go back to the last anchor they"
        + " visited, or exit the scenario\n");
  }

  @Test
  void the_report_is_a_pure_function_of_the_plan_and_survives_a_json_round_trip() {
    MigrationPlan plan = plan(Seeds.v1WithPayment(), Seeds.v2AgeForkBeforePayment());

    assertThat(PlanReport.text(plan)).isEqualTo(PlanReport.text(plan(Seeds.v1WithPayment(),
        Seeds.v2AgeForkBeforePayment())));
    assertThat(PlanReport.text(PlanJson.read(PlanJson.write(plan)))).isEqualTo(PlanReport.text(plan));
    assertThat(PlanReport.markdown(PlanJson.read(PlanJson.write(plan)))).isEqualTo(PlanReport.markdown(plan));
  }

  @Test
  void text_shows_who_approved_and_when_it_was_deployed() {
    java.time.Instant at = java.time.Instant.parse("2025-11-29T10:30:00Z");
    MigrationPlan plan = plan(Seeds.v1(), Seeds.v2AgeInserted()).withApproval("lead@example.com", at)
        .withDeployment(at);

    assertThat(PlanReport.text(plan)).contains("[deployed]\ncreated by operator@example.com at "
        + "2025-03-04T05:06:07.123456789Z, approved by lead@example.com at 2025-11-29T10:30:00Z, deployed at "
        + "2025-11-29T10:30:00Z\n");
  }

  // ------------------------------------------------------------------------------------------------ markdown

  @Test
  void markdown_has_the_review_sections_with_a_summary_table_and_an_anchor_table() {
    MigrationPlan plan = plan(Seeds.v1WithPayment(), Seeds.v2AgeForkBeforePayment());

    String md = PlanReport.markdown(plan);

    assertThat(md).startsWith("## Migration plan `plan-1`: order-flow v1 → v2\n\nStatus **pending**, created by"
        + " operator@example.com at 2025-03-04T05:06:07.123456789Z.\n");
    assertThat(md).contains("### Summary\n\n| | |\n|---|---|\n| anchors | 4 |\n| clean graft | 1 |\n| gap fill | 0 |\n"
        + "| re-route | 3 |\n| estimated sessions affected | 0 |\n| new steps | 2: ");
    assertThat(md).contains("### Warnings\n\n- **critical** Checkpoint 'Payment' passed by sessions at 'Checkout'");
    assertThat(md).contains("- **warning** Sessions at 'Checkout' may be redirected to 'Rejection' by the new fork"
        + " at 'Age Verification' when age \\< 18\n");
    assertThat(md).contains("### Fields to collect\n\n| field | anchors |\n|---|---|\n"
        + "| `age` | Checkout, Payment, Confirm |\n");
    assertThat(md).contains("| anchor | hash | class | policy |\n|---|---|---|---|\n");
    assertThat(md).contains("| Checkout | `" + shortHash(plan, "Checkout") + "` | re\\_route | all sessions;"
        + " update\\_downstream=true |\n");
    assertThat(md).contains("#### Checkout (`" + shortHash(plan, "Checkout") + "`)\n\n- class: **re\\_route**\n"
        + "- step: `checkout` → `checkout`\n- inserted upstream: Age Verification, collects `age`\n"
        + "- new fork at Age Verification: `age < 18` → Rejection (diverts); `age >= 18` → Payment\n"
        + "- checkpoint conflict: 'Payment' would be contradicted by a re-route to 'Rejection'\n");
  }

  @Test
  void markdown_escapes_names_that_would_break_a_table_or_inject_markup() {
    ScenarioVersion v1 = ScenarioVersion.builder("shop", 1)
        .step(Step.builder("a").name("Pay | Ship *now*").to("b"))
        .step(Step.builder("b").name("<script>x</script>"))
        .build();
    ScenarioVersion v2 = ScenarioVersion.builder("shop", 2).steps(v1.steps()).build();

    String md = PlanReport.markdown(plan(v1, v2));

    assertThat(md).contains("| Pay \\| Ship \\*now\\* | `");
    assertThat(md).contains("#### \\<script\\>x\\</script\\> (`");
    assertThat(md).doesNotContain("<script>");
    assertThat(MarkdownReport.code("a || b")).isEqualTo("`a \\|\\| b`");
    assertThat(MarkdownReport.code("x `y`")).isEqualTo("`` x `y` ``");
  }

  // ------------------------------------------------------------------------------------------------ mermaid

  @Test
  void mermaid_draws_the_gap_fill_example_side_by_side_with_anchors_and_the_inserted_step_marked() {
    ScenarioVersion v1 = Seeds.v1();
    ScenarioVersion v2 = Seeds.v2AgeInserted();
    MigrationPlan plan = plan(v1, v2);

    String mermaid = PlanReport.mermaid(v1, v2, plan.transformationMap());

    assertThat(mermaid).startsWith("flowchart LR\n"
        + "  subgraph src[\"Order Flow v1\"]\n"
        + "    direction TB\n"
        + "    s0[\"Welcome\"]\n"
        + "    s1[\"Checkout\"]\n"
        + "    s2[\"Confirm\"]\n"
        + "    s0 --> s1\n"
        + "    s1 --> s2\n"
        + "  end\n"
        + "  subgraph dst[\"Order Flow v2\"]\n"
        + "    direction TB\n"
        + "    t0[\"Welcome<br/>clean_graft\"]\n"
        + "    t1[\"Age Verification\"]\n"
        + "    t2[\"Checkout<br/>gap_fill\"]\n"
        + "    t3[\"Confirm<br/>gap_fill\"]\n"
        + "    t0 --> t1\n"
        + "    t1 --> t2\n"
        + "    t2 --> t3\n"
        + "  end\n");
    assertThat(mermaid).contains("  s0 -.- t0\n", "  s1 -.- t2\n", "  s2 -.- t3\n");
    assertThat(mermaid).contains("  classDef anchor ", "  classDef inserted ", "  classDef removed ");
    assertThat(mermaid).containsPattern("\n  class (s[0-2],){3}(t[023],){2}t[023] anchor\n");
    assertThat(mermaid).contains("\n  class t1 inserted\n");
    assertThat(mermaid).doesNotContain(" removed\n");
  }

  @Test
  void mermaid_labels_conditional_edges_and_draws_checkpoints_as_hexagons() {
    ScenarioVersion v1 = Seeds.v1WithPayment();
    ScenarioVersion v2 = Seeds.v2AgeForkBeforePayment();

    String mermaid = PlanReport.mermaid(v1, v2, plan(v1, v2).transformationMap());

    assertThat(mermaid).contains("    s1{{\"Payment\"}}\n");
    assertThat(mermaid).contains("    t3{{\"Payment<br/>re_route\"}}\n");
    assertThat(mermaid).contains("    t1 -->|\"age #60; 18\"| t2\n");
    assertThat(mermaid).contains("    t1 -->|\"age #62;= 18\"| t3\n");
    assertThat(mermaid).contains("\n  class t2,t1 inserted\n");
  }

  @Test
  void mermaid_marks_removed_steps() {
    ScenarioVersion v1 = Seeds.v1WithPayment();
    ScenarioVersion v2 = PlanFixtures.v2PaymentDeletedWithOrphan();

    String mermaid = PlanReport.mermaid(v1, v2, plan(v1, v2).transformationMap());

    assertThat(mermaid).contains("\n  class s1 removed\n");
    assertThat(mermaid).contains("\n  class t3 inserted\n");
    assertThat(mermaid).doesNotContain("s1 -.-");
  }

  @Test
  void mermaid_escapes_quotes_and_special_characters_in_names_and_conditions() {
    ScenarioVersion v1 = ScenarioVersion.builder("x", 1).name("Quotes \"and\" [brackets]")
        .step(Step.builder("a").name("Say \"hi\" <b>; #1").when("name == \"Bob\" && age >= 18", "b").to("c"))
        .step(Step.builder("b").name("Pay | Ship {now}"))
        .step(Step.builder("c").name("Café"))
        .build();
    ScenarioVersion v2 = ScenarioVersion.builder("x", 2).steps(v1.steps()).build();

    String mermaid = PlanReport.mermaid(v1, v2, plan(v1, v2).transformationMap());

    assertThat(mermaid).contains("  subgraph src[\"Quotes #34;and#34; #91;brackets#93; v1\"]\n");
    assertThat(mermaid).contains("    s0[\"Say #34;hi#34; #60;b#62;#59; #35;1\"]\n");
    assertThat(mermaid).contains("    s1[\"Pay #124; Ship #123;now#125;\"]\n");
    assertThat(mermaid).contains("    s2[\"Caf#233;\"]\n");
    assertThat(mermaid).contains("    s0 -->|\"name == #34;Bob#34; #38;#38; age #62;= 18\"| s1\n");
    // every quote in the output delimits a label: none comes from a name or a condition
    for (String line : mermaid.split("\n")) {
      assertThat(line.chars().filter(c -> c == '"').count() % 2).as(line).isZero();
      assertThat(line).doesNotContain("<b>").doesNotContain("&&");
    }
  }

  @Test
  void label_leaves_plain_text_alone() {
    assertThat(MermaidDiagram.label("Age Verification (step 2): ok?")).isEqualTo("Age Verification (step 2): ok?");
    assertThat(MermaidDiagram.label("a\nb")).isEqualTo("a#10;b");
  }
}
