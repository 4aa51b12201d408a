package org.scenariomigration.examples;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * Hosts the {@link OperatorApi} with version 1 of the demo's order flow published for tenant {@code tenant-1} and a
 * few sessions in it, so that the seed's curl commands work (with credentials added):
 *
 * <pre>
 * OperatorApiMain [port] [jdbc-url] [--demo] [--host=ADDRESS]
 * </pre>
 *
 * <p>Port 8080 by default (0 for an ephemeral one), H2 in memory by default, 127.0.0.1 by default. The operators
 * come from {@code SCENARIO_MIGRATION_OPERATORS} ({@code name:secret:tenant,...;...}, see
 * {@link OperatorSecurity#parseOperators}); without them it refuses to start, except with {@code --demo} on
 * loopback, which makes operator {@code operator@example.com} with a random token and prints it. It prints the
 * address and the first requests to try, and serves until the process is stopped.
 */
public final class OperatorApiMain {
  static final String TENANT = "tenant-1";

  private OperatorApiMain() {}

  /** Starts the API and blocks. */
  public static void main(String[] args) throws InterruptedException {
    List<String> positional = new ArrayList<>();
    boolean demo = false;
    String host = "127.0.0.1";
    for (String a : args) {
      if (a.equals("--demo")) {
        demo = true;
      } else if (a.startsWith("--host=")) {
        host = a.substring("--host=".length());
      } else {
        positional.add(a);
      }
    }
    if (positional.size() > 2 || (!positional.isEmpty() && !positional.get(0).matches("\\d{1,5}"))) {
      System.out.println("usage: OperatorApiMain [port] [jdbc-url] [--demo] [--host=ADDRESS]   (port 8080, H2 in"
          + " memory and 127.0.0.1 by default; operators from " + OperatorSecurity.OPERATORS_VARIABLE + ")");
      return;
    }
    int port = positional.isEmpty() ? 8080 : Integer.parseInt(positional.get(0));
    List<OperatorSecurity.Operator> operators = OperatorSecurity.fromEnvironment();
    OperatorSecurity security = operators.isEmpty() && demo ? OperatorSecurity.demo(Set.of(TENANT))
        : OperatorSecurity.of(operators);
    DemoDatabase db = DemoDatabase.open(positional.size() > 1 ? positional.get(1) : null, Clock.systemUTC());
    OperatorApi api;
    try {
      api = start(db, security, host, port);
    } catch (IllegalStateException e) {
      db.close();
      System.out.println(e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      api.close();
      db.close();
      stopped.countDown();
    }, "operator-api-shutdown"));
    System.out.println("operator API on " + api.baseUri() + ", tenant " + TENANT + ", scenario "
        + DemoScenarios.SCENARIO_ID + " v1 with 6 sessions; store: " + db.describe());
    String auth = "-H \"Authorization: Bearer $TOKEN\"";
    if (security.demo()) {
      OperatorSecurity.Operator o = security.operators().get(0);
      System.out.println("demo mode (loopback only): operator " + o.name() + ", token " + o.secret());
      System.out.println("  export TOKEN=" + o.secret());
    } else {
      System.out.println("operators: " + security.operators() + "; set TOKEN to your operator's secret");
    }
    System.out.println("console: " + api.baseUri() + "/console/#tenant=" + TENANT + "&scenario="
        + DemoScenarios.SCENARIO_ID + " (log in with an operator's name and secret)");
    System.out.println("try:");
    System.out.println("  curl -s -X POST " + api.baseUri() + "/api/v1/scenarios/" + DemoScenarios.SCENARIO_ID
        + "/migration-plan " + auth + " -H 'X-Tenant-ID: " + TENANT + "' -H 'Content-Type: application/json' \\");
    System.out.println("       -d @scenario-migration-examples/src/main/resources/examples/"
        + "migration-plan-request.json");
    System.out.println("  curl -s " + api.baseUri() + "/api/v1/migration-plans/<id>/report " + auth
        + " -H 'X-Tenant-ID: " + TENANT + "'");
    System.out.println("stop with Ctrl-C");
    stopped.await();
  }

  /**
   * Publishes v1 of the order flow for {@link #TENANT}, starts six sessions and starts the API on {@code host} and
   * {@code port} with {@code security}.
   */
  static OperatorApi start(DemoDatabase db, OperatorSecurity security, String host, int port) {
    return start(db, security, host, port, Set.of(TENANT));
  }

  /** As {@link #start(DemoDatabase, OperatorSecurity, String, int)}, serving {@code tenants}, each with version 1. */
  static OperatorApi start(DemoDatabase db, OperatorSecurity security, String host, int port, Set<String> tenants) {
    ScenarioMigration migration = db.wire(ScenarioMigration.builder()).build();
    for (String tenant : tenants) {
      migration.publish(tenant, DemoScenarios.v1());
    }
    String[][] sessions = {{"s1", "whatsapp", "welcome"}, {"s2", "web", "checkout"}, {"s3", "whatsapp", "checkout"},
        {"s4", "sms", "payment"}, {"s5", "whatsapp", "confirm"}, {"s6", "web", "welcome"}};
    for (String[] s : sessions) {
      migration.startSession(TENANT, s[0], "customer-" + s[0], s[1], DemoScenarios.SCENARIO_ID);
      for (String step : new String[] {"checkout", "payment", "confirm"}) {
        if (s[2].equals("welcome")) {
          break;
        }
        migration.advance(TENANT, s[0], step);
        if (step.equals(s[2])) {
          break;
        }
      }
    }
    return OperatorApi.start(migration, db.stores().scenarioStore(), tenants, security, host, port);
  }
}
