package org.scenariomigration.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser (issue 23): headless Chromium through Selenium against the operator host
 * started in-process on an ephemeral port (H2 in memory, the demo's order flow with six sessions in tenant-1 and
 * without sessions in tenant-2). The operator of the tests is granted tenant-1 only and logs in through the page's
 * form; the session cookie is dropped after each test. Skipped, with the
 * command that enables it, where Chromium or ChromeDriver is missing; {@code .ci/run} fails when it was skipped. Each
 * test saves a screenshot under {@code target/screenshots/}.
 */
class ConsoleBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = OperatorApiMain.TENANT;
  private static final String OTHER_TENANT = "tenant-2";
  private static final OperatorSecurity.Operator OPERATOR = new OperatorSecurity.Operator("operator@example.com",
      "console-browser-secret-0123456789", Set.of(TENANT));
  private static final OperatorSecurity.Operator OTHER = new OperatorSecurity.Operator("other@example.com",
      "console-other-secret-0123456789", Set.of(OTHER_TENANT));
  private static final String XSS_NAME = "<img src=x onerror=alert(1)>";
  private static final String XSS_CONDITION = "note == \"</script>\"";

  private static DemoDatabase db;
  private static OperatorApi api;
  private static HeadlessChromium chromium;
  private WebDriver driver;

  @BeforeAll
  static void start() throws IOException {
    if (HeadlessChromium.missing() != null) {
      System.err.println("ConsoleBrowserTest: " + HeadlessChromium.missing()); // each test reports it as skipped
      return;
    }
    db = DemoDatabase.open("jdbc:h2:mem:console-browser-test;DB_CLOSE_DELAY=-1", Clock.systemUTC());
    api = OperatorApiMain.start(db, OperatorSecurity.of(List.of(OPERATOR, OTHER)), "127.0.0.1", 0,
        Set.of(TENANT, OTHER_TENANT));
    chromium = HeadlessChromium.start(1400, 1500);
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (api != null) {
      api.close();
      db.close();
    }
  }

  @BeforeEach
  void blankPage() {
    HeadlessChromium.assumeInstalled();
    driver = chromium.driver;
    driver.get("about:blank");
    chromium.consoleMessages(); // drops what earlier tests left
  }

  @AfterEach
  void screenshot(TestInfo test) {
    if (chromium == null) {
      return;
    }
    HeadlessChromium.screenshot(driver, getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow()
        .getName());
    if (driver.getCurrentUrl().startsWith(api.baseUri().toString())) {
      driver.manage().deleteAllCookies(); // the next test logs in again
    }
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** Generates a plan over HTTP as the operator (the seed's request body shape) and answers its JSON. */
  private static JsonNode createPlan(String body) throws IOException, InterruptedException {
    return createPlan(body, OPERATOR, TENANT);
  }

  private static JsonNode createPlan(String body, OperatorSecurity.Operator as, String tenant)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(api.baseUri().resolve("/api/v1/scenarios/order-flow/migration-plan"))
        .header(OperatorApi.TENANT_HEADER, tenant).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + as.secret())
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body());
  }

  private static JsonNode demoPlan() throws IOException, InterruptedException {
    return createPlan(OperatorApiIntegrationTest.seedPlanRequest());
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** Opens the console at a fragment, logs in through the page's form and waits until the console shows. */
  private void openConsole(String fragment) {
    driver.get(api.baseUri() + "/console/#" + fragment);
    waiting().until(d -> d.findElement(By.id("login")).isDisplayed());
    assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
    driver.findElement(By.id("operator")).sendKeys(OPERATOR.name());
    driver.findElement(By.id("secret")).sendKeys(OPERATOR.secret());
    driver.findElement(By.id("log-in")).click();
    waiting().until(d -> d.findElement(By.id("app")).isDisplayed());
    assertThat(driver.findElement(By.id("who")).getText()).isEqualTo(OPERATOR.name());
    assertThat(driver.findElement(By.id("secret")).getDomProperty("value")).isEmpty();
    // drops the expected 401 of the page's first request (GET /api/v1/session, which showed the form), checking that
    // the login broke no Content-Security-Policy rule
    assertThat(chromium.consoleMessages()).noneMatch(m -> m.contains("Content Security"));
  }

  /** Opens the console at a plan and waits until the plan's review is drawn (or the page shows an error). */
  private void openReview(String planId) {
    openConsole("tenant=" + TENANT + "&scenario=order-flow&plan=" + planId);
    waiting().until(d -> d.findElement(By.id("error")).isDisplayed() || (planId.equals(
        d.findElement(By.id("review")).getDomAttribute("data-plan-id"))
        && "true".equals(d.findElement(By.id("review")).getDomAttribute("data-ready"))));
    assertThat(driver.findElement(By.id("error")).isDisplayed()).as(driver.findElement(By.id("error")).getText())
        .isFalse();
  }

  private WebElement step(String side, String stepId) {
    return driver.findElement(By.cssSelector("#" + side + "-side button.step[data-step-id='" + stepId + "']"));
  }

  private Map<String, String> classes(String side) {
    Map<String, String> out = new LinkedHashMap<>();
    for (WebElement b : driver.findElements(By.cssSelector("#" + side + "-side button.step"))) {
      out.put(b.getDomAttribute("data-step-id"), b.getDomAttribute("data-class"));
    }
    return out;
  }

  private List<String> partners(String side) {
    return driver.findElements(By.cssSelector("#" + side + "-side button.step[data-partner='true']")).stream()
        .map(b -> b.getDomAttribute("data-step-id")).toList();
  }

  // ------------------------------------------------------------------------------------------------ the review

  @Test
  void the_demo_plan_renders_every_step_with_its_class_as_a_data_attribute_and_as_text() throws Exception {
    JsonNode plan = demoPlan();
    openReview(plan.get("id").asText());

    assertThat(classes("from")).containsExactly(Map.entry("welcome", "clean_graft"), Map.entry("checkout", "re_route"),
        Map.entry("payment", "re_route checkpoint"), Map.entry("confirm", "re_route"));
    assertThat(classes("to")).containsExactly(Map.entry("welcome", "clean_graft"), Map.entry("age_check", "inserted"),
        Map.entry("rejection", "inserted"), Map.entry("checkout", "re_route"),
        Map.entry("payment", "re_route checkpoint"), Map.entry("loyalty", "inserted"), Map.entry("confirm", "re_route"));
    for (JsonNode anchor : plan.at("/transformation_map/anchors")) {
      String cls = anchor.get("migration_scenario").asText();
      assertThat(step("from", anchor.get("from_step_id").asText()).getDomAttribute("data-class")).startsWith(cls);
      assertThat(step("to", anchor.get("to_step_id").asText()).getDomAttribute("data-class")).startsWith(cls);
    }
    // the class is text too, not colour alone
    assertThat(step("from", "welcome").findElement(By.className("step-class")).getText()).isEqualTo("clean graft");
    assertThat(step("to", "payment").findElement(By.className("step-class")).getText())
        .isEqualTo("re-route · checkpoint");
    assertThat(step("to", "loyalty").findElement(By.className("step-class")).getText()).isEqualTo("inserted");
    // both graphs were drawn by Cytoscape.js, and nothing broke the page's Content-Security-Policy
    assertThat(driver.findElements(By.cssSelector("#from-graph canvas"))).isNotEmpty();
    assertThat(driver.findElements(By.cssSelector("#to-graph canvas"))).isNotEmpty();
    assertThat(chromium.consoleMessages()).noneMatch(m -> m.startsWith("SEVERE") || m.contains("Content Security"));
  }

  @Test
  void the_checkpoint_conflict_is_visible_on_its_anchors_in_the_warnings_and_in_the_anchors_panel() throws Exception {
    openReview(demoPlan().get("id").asText());

    List<String> conflicted = driver.findElements(By.cssSelector("#from-side button.step[data-conflict='checkpoint']"))
        .stream().map(b -> b.getDomAttribute("data-step-id")).toList();
    assertThat(conflicted).containsExactly("payment", "confirm");
    WebElement badge = step("from", "payment").findElement(By.className("step-warning"));
    assertThat(badge.isDisplayed()).isTrue();
    assertThat(badge.getText()).isEqualTo("⚠ checkpoint conflict");
    List<WebElement> critical = driver.findElements(By.cssSelector("#warnings li[data-code='checkpoint_conflict']"));
    assertThat(critical).hasSize(2).allMatch(WebElement::isDisplayed);
    assertThat(critical.get(0).getText()).isEqualTo("critical Checkpoint 'Payment' passed by sessions at 'Payment' would"
        + " be contradicted by a re-route to 'Rejection'; those sessions will be blocked and continue on their current"
        + " path");

    step("from", "payment").click();
    WebElement panel = driver.findElement(By.id("panel"));
    assertThat(panel.isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("panel-title")).getText()).isEqualTo("Payment");
    assertThat(panel.findElement(By.className("panel-warnings")).getText())
        .contains("critical: Checkpoint 'Payment' passed by sessions at 'Payment' would be contradicted");
    assertThat(panel.findElement(By.className("fields")).getText())
        .isEqualTo("age: collected by inserted step ‘Age Verification’");
    assertThat(panel.findElement(By.className("forks")).getText())
        .contains("at ‘Age Verification’ → ‘Rejection’ when age < 18");
  }

  @Test
  void selecting_a_step_highlights_its_partner_in_the_other_version_in_the_list_and_in_the_graph() throws Exception {
    openReview(demoPlan().get("id").asText());

    step("from", "checkout").click();
    assertThat(step("from", "checkout").getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(partners("to")).containsExactly("checkout");
    assertThat(partners("from")).isEmpty();
    assertThat(driver.findElement(By.id("to-graph")).getDomAttribute("data-highlighted")).isEqualTo("checkout");
    assertThat(driver.findElement(By.id("from-graph")).getDomAttribute("data-selected")).isEqualTo("checkout");

    step("to", "payment").click();
    assertThat(step("from", "checkout").getDomAttribute("aria-pressed")).isEqualTo("false");
    assertThat(partners("from")).containsExactly("payment");
    assertThat(partners("to")).isEmpty();
    assertThat(driver.findElement(By.id("from-graph")).getDomAttribute("data-highlighted")).isEqualTo("payment");

    step("to", "age_check").click(); // inserted: no partner anywhere
    assertThat(partners("from")).isEmpty();
    assertThat(driver.findElement(By.id("from-graph")).getDomAttribute("data-highlighted")).isEmpty();
    assertThat(driver.findElement(By.id("panel")).getText()).contains("Partner\nnone");
  }

  @Test
  void the_review_is_usable_from_the_keyboard_tab_to_a_step_then_enter_or_space_selects_it() throws Exception {
    openReview(demoPlan().get("id").asText());

    ((JavascriptExecutor) driver).executeScript("arguments[0].focus()", step("from", "welcome"));
    new Actions(driver).sendKeys(Keys.TAB).perform();
    assertThat(driver.switchTo().activeElement().getDomAttribute("data-step-id")).isEqualTo("checkout");
    new Actions(driver).sendKeys(Keys.ENTER).perform();
    assertThat(partners("to")).containsExactly("checkout");

    new Actions(driver).sendKeys(Keys.TAB).perform();
    assertThat(driver.switchTo().activeElement().getDomAttribute("data-step-id")).isEqualTo("payment");
    new Actions(driver).sendKeys(Keys.SPACE).perform();
    assertThat(partners("to")).containsExactly("payment");
    assertThat(driver.findElement(By.id("panel-title")).getText()).isEqualTo("Payment");
  }

  @Test
  void a_step_named_like_markup_and_a_condition_holding_a_script_end_tag_are_rendered_as_text() throws Exception {
    String request = """
        {"new_scenario": {"name": "Order Flow", "version": 3, "steps": [
          {"id": "welcome", "name": "Welcome", "description": "Greets the customer", "collects_fields": ["note"],
           "transitions": [{"to_step_id": "xss", "condition": %s},
                           {"to_step_id": "checkout", "condition": "note != \\"</script>\\""}]},
          {"id": "xss", "name": %s, "description": "a hostile name", "transitions": [{"to_step_id": "checkout"}]},
          {"id": "checkout", "name": "Checkout", "description": "Takes the order",
           "transitions": [{"to_step_id": "payment"}]},
          {"id": "payment", "name": "Payment", "description": "Takes the payment", "collects_fields": ["card"],
           "is_checkpoint": true, "checkpoint_description": "payment processed",
           "transitions": [{"to_step_id": "confirm"}]},
          {"id": "confirm", "name": "Confirm", "description": "Confirms the order"}]},
         "created_by": "operator@example.com"}""".formatted(JSON.writeValueAsString(XSS_CONDITION),
        JSON.writeValueAsString(XSS_NAME));
    openReview(createPlan(request).get("id").asText());

    WebElement hostile = step("to", "xss");
    assertThat(hostile.getDomAttribute("data-class")).isEqualTo("inserted");
    assertThat(hostile.findElement(By.className("step-name")).getText()).isEqualTo(XSS_NAME);
    step("to", "welcome").click();
    assertThat(driver.findElement(By.cssSelector("#panel .transitions")).getText())
        .contains("→ " + XSS_NAME + " when " + XSS_CONDITION);
    assertThat(driver.findElements(By.tagName("img"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("[onerror]"))).isEmpty();
    assertThat(driver.findElements(By.tagName("script"))).hasSize(3);
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.getTitle()).isEqualTo("scenario-migration operator console");
  }

  // ------------------------------------------------------------------------------------------------ the plan list

  @Test
  void the_plan_list_shows_the_scenarios_versions_and_plans_and_opens_a_plans_review() throws Exception {
    String planId = demoPlan().get("id").asText();
    openConsole("tenant=" + TENANT + "&scenario=order-flow");
    By row = By.cssSelector("#plan-table tr[data-plan-id='" + planId + "']");
    waiting().until(d -> !d.findElements(row).isEmpty());
    assertThat(driver.findElement(row).findElement(By.className("status")).getText()).isEqualTo("pending");
    assertThat(driver.findElement(By.cssSelector("#versions tbody tr")).getText()).startsWith("v1 current 6");

    driver.findElement(row).findElement(By.className("review-plan")).click();
    waiting().until(d -> "true".equals(d.findElement(By.id("review")).getDomAttribute("data-ready")));
    assertThat(driver.findElement(By.id("review")).getDomAttribute("data-plan-id")).isEqualTo(planId);
    assertThat(driver.getCurrentUrl()).endsWith("plan=" + planId);
  }

  @Test
  void an_unknown_plan_shows_the_apis_error_in_the_page() {
    openConsole("tenant=" + TENANT + "&plan=no-such-plan");
    waiting().until(d -> d.findElement(By.id("error")).isDisplayed());
    assertThat(driver.findElement(By.id("error")).getText())
        .startsWith("The operator API answered 404 unknown_plan: ").contains("no-such-plan");
    assertThat(driver.findElement(By.id("review")).isDisplayed()).isFalse();
  }

  // ------------------------------------------------------------------------------------------------ the session

  @Test
  void without_a_login_the_page_shows_the_login_form_and_no_data() throws Exception {
    String planId = demoPlan().get("id").asText();
    driver.get(api.baseUri() + "/console/#tenant=" + TENANT + "&scenario=order-flow&plan=" + planId);
    waiting().until(d -> d.findElement(By.id("login")).isDisplayed());
    assertThat(driver.findElement(By.id("login-form")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("session-bar")).isDisplayed()).isFalse();
    assertThat(driver.findElements(By.cssSelector("#plan-table tbody tr, #versions tbody tr, button.step"))).isEmpty();
    assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain(planId);

    driver.findElement(By.id("operator")).sendKeys(OPERATOR.name());
    driver.findElement(By.id("secret")).sendKeys("not-the-secret");
    driver.findElement(By.id("log-in")).click();
    waiting().until(d -> d.findElement(By.id("login-error")).isDisplayed());
    assertThat(driver.findElement(By.id("login-error")).getText())
        .isEqualTo("Log in failed: operator name or secret is wrong");
    assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
  }

  @Test
  void a_plan_of_a_tenant_the_operator_is_not_granted_is_the_apis_404_and_log_out_hides_the_data() throws Exception {
    String foreign = createPlan(OperatorApiIntegrationTest.seedPlanRequest(), OTHER, OTHER_TENANT).get("id").asText();
    openConsole("tenant=" + OTHER_TENANT + "&plan=" + foreign);
    waiting().until(d -> d.findElement(By.id("error")).isDisplayed());
    assertThat(driver.findElement(By.id("error")).getText())
        .isEqualTo("The operator API answered 404 unknown_tenant: this server has no tenant '" + OTHER_TENANT + "'");
    assertThat(driver.findElement(By.id("review")).isDisplayed()).isFalse();
    assertThat(driver.findElements(By.cssSelector("button.step"))).isEmpty();
    HeadlessChromium.screenshot(driver, getClass().getSimpleName() + "-a_plan_of_a_tenant_not_granted_is_a_404");

    driver.findElement(By.id("log-out")).click(); // a POST: it carries the login's CSRF token, or the API refuses it
    waiting().until(d -> d.findElement(By.id("login")).isDisplayed());
    assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("login-error")).isDisplayed()).isFalse();
    driver.navigate().refresh(); // the session really ended on the server: a reload asks to log in again
    waiting().until(d -> d.findElement(By.id("login")).isDisplayed());
    assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
  }
}
