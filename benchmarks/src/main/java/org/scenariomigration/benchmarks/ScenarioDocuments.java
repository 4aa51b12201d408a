package org.scenariomigration.benchmarks;

/**
 * Scenario JSON documents of {@code n} steps, written as text (not through {@code ScenarioJson.write}, so that making
 * one costs nothing the benchmark measures).
 */
final class ScenarioDocuments {
  private ScenarioDocuments() {}

  /** {@code chain}: s0 → s1 → … → s(n-1); {@code branching}: see {@link #branching(int)}. */
  static String of(String shape, int n) {
    return switch (shape) {
      case "chain" -> chain(n);
      case "branching" -> branching(n);
      default -> throw new IllegalArgumentException("unknown shape '" + shape + "'");
    };
  }

  /** A chain of {@code n} steps; every seventh collects a field. About 110 characters a step. */
  static String chain(int n) {
    StringBuilder sb = head(n);
    for (int i = 0; i < n; i++) {
      step(sb, i);
      if (i + 1 < n) {
        sb.append(",\"transitions\":[{\"to_step_id\":\"s").append(i + 1).append("\"}]");
      }
      sb.append(i + 1 < n ? "}," : "}");
    }
    return sb.append("]}").toString();
  }

  /**
   * The layered graph of {@link Scenarios#large}: every third step forks on a collected field to the next step or the
   * one after it, every fiftieth (from the 25th) is a checkpoint; and every hundredth step loops back 50 steps on a
   * condition (a retry), so the graph has cycles.
   */
  static String branching(int n) {
    StringBuilder sb = head(n);
    for (int i = 0; i < n; i++) {
      step(sb, i);
      if (i % 50 == 25) {
        sb.append(",\"is_checkpoint\":true,\"checkpoint_description\":\"irreversible ").append(i).append('"');
      }
      sb.append(",\"transitions\":[");
      boolean any = false;
      if (i + 2 < n && i % 3 == 0) {
        sb.append("{\"to_step_id\":\"s").append(i + 1).append("\",\"condition\":\"f").append(i - i % 7)
            .append(" > 3\"},{\"to_step_id\":\"s").append(i + 2).append("\"}");
        any = true;
      } else if (i + 1 < n) {
        sb.append("{\"to_step_id\":\"s").append(i + 1).append("\"}");
        any = true;
      }
      if (i % 100 == 99) {
        sb.append(any ? "," : "").append("{\"to_step_id\":\"s").append(i - 50)
            .append("\",\"condition\":\"retry == true\"}");
      }
      sb.append(i + 1 < n ? "]}," : "]}");
    }
    return sb.append("]}").toString();
  }

  private static StringBuilder head(int n) {
    StringBuilder sb = new StringBuilder(n * 130);
    return sb.append("{\"format_version\":1,\"scenario_id\":\"large\",\"version\":1,\"name\":\"Large\",")
        .append("\"start_step_id\":\"s0\",\"steps\":[");
  }

  private static void step(StringBuilder sb, int i) {
    sb.append("{\"id\":\"s").append(i).append("\",\"name\":\"Step ").append(i)
        .append("\",\"description\":\"does thing ").append(i).append('"');
    if (i % 7 == 0) {
      sb.append(",\"collects_fields\":[\"f").append(i).append("\"]");
    }
  }
}
