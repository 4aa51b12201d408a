package org.scenariomigration.examples;

import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.scenariomigration.runtime.ScenarioMigration;

/**
 * Hosts the {@link OperatorApi} on 127.0.0.1 with version 1 of the demo's order flow published for tenant
 * {@code tenant-1} and a few sessions in it, so that the seed's curl commands work as written:
 *
 * <pre>
 * OperatorApiMain [port] [jdbc-url]      # port 8080 by default, 0 for an ephemeral one; H2 in memory by default
 * </pre>
 *
 * <p>It prints the address and the first request to try, and serves until the process is stopped.
 */
public final class OperatorApiMain {
  static final String TENANT = "tenant-1";

  private OperatorApiMain() {}

  /** Starts the API and blocks. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 2 || (args.length > 0 && !args[0].matches("\\d{1,5}"))) {
      System.out.println("usage: OperatorApiMain [port] [jdbc-url]   (port 8080 and H2 in memory by default)");
      return;
    }
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    DemoDatabase db = DemoDatabase.open(args.length > 1 ? args[1] : null, Clock.systemUTC());
    OperatorApi api = start(db, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      api.close();
      db.close();
      stopped.countDown();
    }, "operator-api-shutdown"));
    System.out.println("operator API on " + api.baseUri() + ", tenant " + TENANT + ", scenario "
        + DemoScenarios.SCENARIO_ID + " v1 with 6 sessions; store: " + db.describe());
    System.out.println("console: " + api.baseUri() + "/console/#tenant=" + TENANT + "&scenario="
        + DemoScenarios.SCENARIO_ID);
    System.out.println("try:");
    System.out.println("  curl -s -X POST " + api.baseUri() + "/api/v1/scenarios/" + DemoScenarios.SCENARIO_ID
        + "/migration-plan -H 'X-Tenant-ID: " + TENANT + "' -H 'Content-Type: application/json' \\");
    System.out.println("       -d @scenario-migration-examples/src/main/resources/examples/"
        + "migration-plan-request.json");
    System.out.println("  curl -s " + api.baseUri() + "/api/v1/migration-plans/<id>/report -H 'X-Tenant-ID: "
        + TENANT + "'");
    System.out.println("stop with Ctrl-C");
    stopped.await();
  }

  /** Publishes v1 of the order flow for {@link #TENANT}, starts six sessions and starts the API on {@code port}. */
  static OperatorApi start(DemoDatabase db, int port) throws IOException {
    ScenarioMigration migration = db.wire(ScenarioMigration.builder()).build();
    migration.publish(TENANT, DemoScenarios.v1());
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
    return OperatorApi.start(migration, db.stores().scenarioStore(), Set.of(TENANT), port);
  }
}
