package org.scenariomigration.scenario;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Content hashes of steps and checksums of whole scenario versions.
 *
 * <p><b>Step content hash.</b> SHA-256, written as 64 lowercase hex characters and never truncated, over a canonical
 * encoding of the step's semantic attributes:
 * <ol>
 *   <li>the tag {@code sm-step-v1};</li>
 *   <li>the name and the description;</li>
 *   <li>the rule ids, sorted;</li>
 *   <li>the collected fields, sorted by name and then optional flag, each as its name followed by its optional
 *       flag (one byte, 0 or 1); a field with a declared {@link FieldType} writes 2 or 3 instead, then the type's
 *       name and its enum values in declared order, so untyped fields hash as they always did;</li>
 *   <li>the required input fields, sorted;</li>
 *   <li>the required-action flag, the checkpoint flag and, for a checkpoint, its description;</li>
 *   <li>only when the step computes fields ({@link Step#setsFields()}): the byte 4 and those fields, sorted.</li>
 * </ol>
 * Every string is first put in Unicode NFC, trimmed, and has each run of white space folded to one space; it is then
 * written as its UTF-8 length (4 bytes, big-endian) followed by its UTF-8 bytes, so no two different attribute lists
 * share an encoding. The id, the transitions and the extraction hints of collected fields are not covered. Collections
 * are sorted by {@link String#compareTo}, so the hash does not depend on the order of JSON fields or of collections,
 * nor on the JVM.
 *
 * <p>Because the full 256 bits are kept, two different steps sharing a hash is not a practical concern; two steps that
 * <em>mean</em> the same thing (twins) do share one on purpose, and the planner pairs them by graph context. Reports
 * show the first 12 characters ({@link #shortForm(String)}); the library keys everything on the full hash, and takes a
 * short form from an operator only where it names one anchor ({@link TransformationMap#anchorFor}).
 *
 * <p><b>Scenario checksum.</b> SHA-256 over the tag {@code sm-scenario-v1}, the scenario id, the version number, the
 * display name, the start step id and, for every step in id order, its id, its content hash, its collected fields' extraction hints and
 * its transitions in declared order (target id and condition text). It changes whenever anything in the version
 * changes except the order of steps in its JSON.
 */
public final class ContentHash {
  private static final HexFormat HEX = HexFormat.of();
  private static final int SHORT_LENGTH = 12;

  private ContentHash() {}

  /** The content hash of {@code step}; equal to {@link Step#contentHash()}. */
  public static String ofStep(Step step) {
    Encoder e = new Encoder("sm-step-v1");
    e.str(step.name());
    e.str(step.description());
    e.sortedList(step.ruleIds());
    List<CollectedField> collected = new ArrayList<>(step.collectsFields());
    collected.sort(Comparator.comparing((CollectedField f) -> normalise(f.name()))
        .thenComparing(CollectedField::optional));
    e.integer(collected.size());
    for (CollectedField f : collected) {
      e.str(f.name());
      if (f.type().isDeclared()) {
        // a typed field: its optional flag as 2 or 3 (an untyped field writes 0 or 1, so hashes of steps without
        // declared types are unchanged), then the type's name and, for an enum, its values in declared order
        e.tag(f.optional() ? 3 : 2);
        e.raw(f.type().kind().jsonName());
        e.integer(f.type().values().size());
        for (String v : f.type().values()) {
          e.str(v);
        }
      } else {
        e.bool(f.optional());
      }
    }
    e.sortedList(step.requiresFields());
    e.bool(step.requiredAction());
    e.bool(step.checkpoint());
    if (step.checkpoint()) {
      e.str(step.checkpointDescription());
    }
    if (!step.setsFields().isEmpty()) {
      // computed fields, only when there are any, so hashes of steps that set none are unchanged
      e.tag(4);
      e.sortedList(step.setsFields());
    }
    return e.hex();
  }

  /** The checksum of a whole scenario version. */
  public static String ofScenario(String scenarioId, int version, String name, String startStepId,
      List<Step> steps) {
    Encoder e = new Encoder("sm-scenario-v1");
    e.raw(scenarioId);
    e.integer(version);
    e.raw(name);
    e.raw(startStepId);
    List<Step> sorted = new ArrayList<>(steps);
    sorted.sort(Comparator.comparing(Step::id));
    e.integer(sorted.size());
    for (Step s : sorted) {
      e.raw(s.id());
      e.raw(s.contentHash());
      e.integer(s.collectsFields().size());
      for (CollectedField f : s.collectsFields()) {
        e.raw(f.extractionHint());
      }
      e.integer(s.transitions().size());
      for (Transition t : s.transitions()) {
        e.raw(t.toStepId());
        e.bool(t.isConditional());
        e.raw(t.condition() == null ? "" : t.condition());
      }
    }
    return e.hex();
  }

  /** The first 12 hex characters of a hash, for display. */
  public static String shortForm(String hash) {
    return hash == null || hash.length() <= SHORT_LENGTH ? hash : hash.substring(0, SHORT_LENGTH);
  }

  static String normalise(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFC).strip();
    StringBuilder out = new StringBuilder(n.length());
    boolean space = false;
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = true;
      } else {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  private static final class Encoder {
    private final MessageDigest digest;

    Encoder(String tag) {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required on every Java platform", e);
      }
      raw(tag);
    }

    void str(String s) {
      raw(normalise(s));
    }

    void raw(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      integer(bytes.length);
      digest.update(bytes);
    }

    void integer(int i) {
      digest.update(ByteBuffer.allocate(4).putInt(i).array());
    }

    void bool(boolean b) {
      digest.update((byte) (b ? 1 : 0));
    }

    void tag(int b) {
      digest.update((byte) b);
    }

    void sortedList(List<String> values) {
      List<String> sorted = new ArrayList<>(values.size());
      for (String v : values) {
        sorted.add(normalise(v));
      }
      sorted.sort(Comparator.naturalOrder());
      integer(sorted.size());
      for (String v : sorted) {
        raw(v);
      }
    }

    String hex() {
      return HEX.formatHex(digest.digest());
    }
  }
}
