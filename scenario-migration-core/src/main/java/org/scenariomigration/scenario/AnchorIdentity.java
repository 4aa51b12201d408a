package org.scenariomigration.scenario;

import org.scenariomigration.plan.PlanWarning;
import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * How an anchor's two steps were found to be the same step: by content hash, by an operator's mapping, or as an
 * <em>edited anchor</em>, a step changed in place.
 *
 * <p>Matching runs in two stages. Steps whose content hash occurs in both versions are paired first (twins by their
 * graph context). Steps left unmatched on both sides are then paired when they have the same id, or else when they
 * have the same matched neighbours: the same anchors before and after them, the same number of unmatched neighbours,
 * and both or neither a checkpoint. Pairing by neighbours repeats until nothing changes, so a run of reworded steps
 * is paired from its matched ends inwards. Where several unmatched steps share one context, none is paired and the
 * plan warns ({@link PlanWarning.Code#AMBIGUOUS_EDIT}); an operator's {@link StepMapping} decides.
 *
 * <p>An edited anchor keeps its waiting sessions in place. Sessions past it are asked again only for the required
 * fields it collects now and did not collect before ({@link ChangeSet#editedNodes()}).
 *
 * @param kind how the pair was found
 * @param score how much of the step is unchanged, from 0 to 1: the share of name, description, collected fields,
 *     action flags and outgoing conditions that are equal; 1 for a content-hash match
 * @param reason a sentence for the review: why the pair was made and what changed
 */
public record AnchorIdentity(Kind kind, double score, String reason) {

  /** The identity of a step whose content hash is the same in both versions. */
  public static final AnchorIdentity CONTENT_HASH = new AnchorIdentity(Kind.CONTENT_HASH, 1.0, "same content");

  /** Validates the components. */
  public AnchorIdentity {
    requireNonNull(kind, "kind");
    requireNonNull(reason, "reason");
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("anchor identity score must lie in [0, 1] but is " + score);
    }
  }

  /** How an anchor was matched. */
  public enum Kind {
    /** The same content hash in both versions (twins paired by context). */
    CONTENT_HASH,
    /** An operator's step mapping. */
    MANUAL_MAPPING,
    /** A step changed in place: paired by id, or by its matched neighbours. */
    EDITED;

    /** The JSON name. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a JSON name. */
    public static Kind fromJson(String name) {
      for (Kind k : values()) {
        if (k.jsonName().equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown anchor identity kind '" + name + "'");
    }
  }
}
