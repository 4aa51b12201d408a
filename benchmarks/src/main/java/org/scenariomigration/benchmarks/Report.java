package org.scenariomigration.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a JMH JSON result file ({@code -rf json}) as a table with B/op where the gc profiler ran, the migrations net
 * of their re-marking baseline, and the gap to each target of the benchmark issue. Used by {@code run.sh}.
 */
public final class Report {
  private Report() {}

  record Row(String name, String params, double score, double error, String unit, Double bytes) {}

  public static void main(String[] args) throws IOException {
    JsonNode root = new ObjectMapper().readTree(new File(args[0]));
    List<Row> rows = new ArrayList<>();
    for (JsonNode b : root) {
      String name = b.get("benchmark").asText().replace("org.scenariomigration.benchmarks.", "");
      StringBuilder params = new StringBuilder();
      JsonNode p = b.get("params");
      if (p != null) {
        java.util.SortedMap<String, String> sorted = new java.util.TreeMap<>(); // JMH's order is not promised
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          sorted.put(e.getKey(), e.getValue().asText());
        }
        sorted.forEach((k, v) -> params.append(params.length() == 0 ? "" : ",").append(k).append('=').append(v));
      }
      JsonNode m = b.get("primaryMetric");
      JsonNode alloc = b.path("secondaryMetrics").path("gc.alloc.rate.norm");
      rows.add(new Row(name, params.toString(), m.get("score").asDouble(), m.get("scoreError").asDouble(),
          m.get("scoreUnit").asText(), alloc.isMissingNode() ? null : alloc.get("score").asDouble()));
    }
    System.out.printf("%-58s %-28s %14s %12s %-7s %10s%n", "Benchmark", "Params", "Score", "Error", "Unit", "B/op");
    for (Row r : rows) {
      System.out.printf("%-58s %-28s %14.3f %12s %-7s %10s%n", r.name, r.params, r.score,
          Double.isNaN(r.error) ? "" : String.format("± %.3f", r.error), r.unit,
          r.bytes == null ? "" : String.format("%.0f", r.bytes));
    }
    System.out.println();
    System.out.println("Targets (score against target; 'net' = migrate minus remarkOnly of the same kind):");
    Map<String, Row> by = new LinkedHashMap<>();
    rows.forEach(r -> by.put(r.name + "|" + r.params, r));
    target(by.get("ReconcileBenchmark.unmarked|"), "unmarked reconcile", 25, "ns/op", 1, true);
    for (String journal : new String[] {"bounded", "growing"}) {
      for (String kind : new String[] {"clean_graft", "gap_fill", "re_route", "composite"}) {
        String params = "journal=" + journal + ",kind=" + kind;
        Row m = by.get("ReconcileBenchmark.migrate|" + params);
        Row base = by.get("ReconcileBenchmark.remarkOnly|" + params);
        if (m != null && base != null) {
          double net = (m.score - base.score) / 1000;
          Double bytes = m.bytes == null || base.bytes == null ? null : m.bytes - base.bytes;
          double t = kind.equals("clean_graft") ? 1 : 2;
          String label = (kind.equals("composite") ? "composite (no target; gap fill's)" : kind)
              + (journal.equals("growing") ? ", growing journal" : "");
          line(label + " net", net, t, "us/op", bytes);
        }
      }
    }
    Row plan = by.get("PlanBenchmark.diffAndPlan|steps=1000");
    if (plan != null) {
      line("1,000-step diff and plan", plan.score, 20, "ms/op", null);
    }
    Row mark = by.get("MarkingBenchmark.deployPostgres|postgresSessions=1000000");
    if (mark != null) {
      line("1M sessions marked on PostgreSQL (before #17)", mark.score / 1000, 20, "s", null);
    }
    Row deploy = by.get("DeployBenchmark.deployPostgres|postgresSessions=1000000");
    if (deploy != null) {
      line("deploy over 1M sessions on PostgreSQL", deploy.score / 1000, 0.2, "s", null);
    }
    for (Row r : rows) {
      if (r.name.equals("ReconcileBenchmark.firstReconcile")) {
        line("first reconcile of a covered session", r.score, 1.5, "us/op", r.bytes);
      }
    }
    for (String cam : new String[] {"camundaSync", "camundaBatch"}) {
      for (String lib : new String[] {"libraryDeployMigrateNow", "libraryDeployReconcileEach"}) {
        for (Row c : rows) {
          if (c.name.equals("CamundaComparisonBenchmark." + cam)) {
            Row l = by.get("CamundaComparisonBenchmark." + lib + "|" + c.params);
            if (l != null) {
              double ratio = c.score / l.score;
              double goal = cam.equals("camundaSync") ? 15 : 30; // issue #17
              System.out.printf("  %-44s %10.1fx  (target >= %.0fx: %s)%n", cam + " / " + lib + " (" + c.params
                  + ")", ratio, goal, ratio >= goal ? "met" : String.format("missed by %.1fx", goal / ratio));
            }
          }
        }
      }
    }
    for (Row p : rows) {
      if (p.name.equals("CamundaComparisonBenchmark.plainJdbcDeployMigrate")) {
        Row l = by.get("CamundaComparisonBenchmark.libraryDeployMigrateNow|" + p.params);
        if (l != null) {
          double ratio = l.score / p.score;
          System.out.printf("  %-44s %10.2fx  (target <= 1.10x: %s)%n", "library / plain jdbc (" + p.params + ")",
              ratio, ratio <= 1.10 ? "met" : "missed");
        }
      }
    }
  }

  private static void target(Row r, String label, double target, String unit, double scale, boolean zeroAlloc) {
    if (r != null) {
      line(label, r.score * scale, target, unit, r.bytes);
      if (zeroAlloc && r.bytes != null) {
        System.out.printf("  %-44s %10.3f B/op (target 0: %s)%n", label + " allocation", r.bytes,
            r.bytes < 1 ? "met" : "missed");
      }
    }
  }

  private static void line(String label, double value, double target, String unit, Double bytes) {
    String verdict = value <= target ? String.format("met, %.0f%% of target", 100 * value / target)
        : String.format("missed by %.3f %s (%.1fx)", value - target, unit, value / target);
    System.out.printf("  %-44s %10.3f %-6s target <= %s: %s%s%n", label, value, unit, fmt(target), verdict,
        bytes == null ? "" : String.format("  [%.0f B/op]", bytes));
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
