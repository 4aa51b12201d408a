package org.scenariomigration.spi;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BiPredicate;
import org.scenariomigration.Ids;
import org.scenariomigration.InvalidIdException;

/**
 * Look-alike ids for the store contract suites: pairs of two different, valid ids that some database, collation or
 * driver would take for one key (case-insensitive, accent-insensitive, ICU or PAD SPACE collations, Unicode
 * normalisation, compatibility forms), and ids the grammar refuses next to the valid id a database would confuse them
 * with (a trailing space under PAD SPACE, a lone surrogate the driver sends as {@code ?}, an id a non-strict
 * MySQL would truncate to 255 characters). A store keeps every pair apart: what one id of a pair does never touches
 * the other.
 *
 * <p>{@link #pairs()} is a fixed list covering every {@link Fold} plus {@link #SAMPLE} pairs generated from a seeded
 * {@link Random} ({@code -Dsm.test.lookalike.seed=<long>} picks another seed), so that a failure is reproducible.
 * The contract suites run inside JUnit Jupiter's nested classes, where jqwik properties do not run: they iterate
 * these lists in a {@code @Test}; {@code LookAlikeIdsProperties} checks the generator itself as a jqwik property.
 */
public final class LookAlikeIds {
  /** The seed of {@link #pairs()}'s generated part unless {@code sm.test.lookalike.seed} is set. */
  public static final long SEED = 0x5eed1d5L;
  /** How many generated pairs {@link #pairs()} adds to the fixed ones. */
  public static final int SAMPLE = 4;

  private LookAlikeIds() {}

  /** What a database would fold to make the two ids of a pair one key. */
  public enum Fold {
    /** Letter case: {@code acme}, {@code ACME} ({@code utf8mb4_general_ci}, H2's IGNORECASE, ICU level 2). */
    CASE((a, b) -> a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT))),
    /** Accents: {@code café}, {@code cafe} (accent-insensitive collations). */
    ACCENT((a, b) -> stripAccents(a).equals(stripAccents(b))),
    /** Canonical equivalence: {@code é} (U+00E9), {@code e} U+0301 (NFC, NFD; ICU collations). */
    NORMALISATION((a, b) -> Normalizer.normalize(a, Normalizer.Form.NFC)
        .equals(Normalizer.normalize(b, Normalizer.Form.NFC))),
    /** Compatibility forms: full-width letters, ligatures, the Kelvin sign, superscripts (NFKC). */
    COMPATIBILITY((a, b) -> Normalizer.normalize(a, Normalizer.Form.NFKC)
        .equals(Normalizer.normalize(b, Normalizer.Form.NFKC))),
    /** Dotless and dotted i: {@code ıd}, {@code id} (case folding, Turkish locales). */
    TURKISH_I((a, b) -> upperLower(a).equals(upperLower(b))
        || a.toUpperCase(Locale.forLanguageTag("tr")).equals(b.toUpperCase(Locale.forLanguageTag("tr")))),
    /** Sharp s: {@code straße}, {@code strasse} ({@code utf8mb4_unicode_ci}, full case folding). */
    SHARP_S((a, b) -> a.toUpperCase(Locale.ROOT).equals(b.toUpperCase(Locale.ROOT))),
    /** Characters collations ignore: soft hyphen, zero-width space and joiner inside the id. */
    IGNORABLE((a, b) -> a.replaceAll("[\\u00ad\\u200b\\u200c\\u200d]", "")
        .equals(b.replaceAll("[\\u00ad\\u200b\\u200c\\u200d]", ""))),
    /** Homoglyphs from another script: Cyrillic {@code а} for Latin {@code a}. */
    CONFUSABLE((a, b) -> latin(a).equals(latin(b)));

    private final BiPredicate<String, String> same;

    Fold(BiPredicate<String, String> same) {
      this.same = same;
    }

    /** Whether {@code a} and {@code b} are one key under this folding. */
    public boolean folds(String a, String b) {
      return same.test(a, b);
    }
  }

  /**
   * Two different valid ids that {@code fold} makes one.
   *
   * @param fold the folding that confuses them
   * @param a one id
   * @param b the other
   */
  public record Pair(Fold fold, String a, String b) {
    /** Checks that the ids are valid, different, and one under the fold. */
    public Pair {
      if (!Ids.isValid(a) || !Ids.isValid(b) || a.equals(b) || !fold.folds(a, b)) {
        throw new IllegalArgumentException("not a look-alike pair under " + fold + ": " + Ids.quote(a) + ", "
            + Ids.quote(b));
      }
    }

    @Override
    public String toString() {
      return fold + " " + Ids.quote(a) + " / " + Ids.quote(b);
    }
  }

  /**
   * An id the grammar refuses, with the valid id a database would confuse it with ({@code null} when there is none).
   *
   * @param id the refused id
   * @param rule the rule it breaks
   * @param lookAlike the valid id it would collide with, or {@code null}
   */
  public record Refused(String id, InvalidIdException.Rule rule, String lookAlike) {
    @Override
    public String toString() {
      return rule + " " + Ids.quote(id);
    }
  }

  // ------------------------------------------------------------------------------------------- lists

  /**
   * The fixed pairs, every {@link Fold} at least once, with SQL metacharacters and emoji among them. (Each pair costs
   * about 60 statements per database in the session store contract alone; {@code LookAlikeIdsProperties} runs the
   * same checks in memory over hundreds of generated pairs.)
   */
  public static List<Pair> fixed() {
    return List.of(
        new Pair(Fold.CASE, "acme", "ACME"),
        new Pair(Fold.CASE, "o'brien%_\\x", "O'BRIEN%_\\X"),
        new Pair(Fold.CASE, "\ud83d\ude00 tenant", "\ud83d\ude00 TENANT"),
        new Pair(Fold.ACCENT, "café", "cafe"),
        new Pair(Fold.NORMALISATION, "caf\u00e9", "cafe\u0301"),
        new Pair(Fold.COMPATIBILITY, "\uff21\uff23\uff2d\uff25", "ACME"),
        new Pair(Fold.COMPATIBILITY, "\u212aelvin", "Kelvin"),
        new Pair(Fold.TURKISH_I, "\u0131d", "id"),
        new Pair(Fold.SHARP_S, "stra\u00dfe", "strasse"),
        new Pair(Fold.IGNORABLE, "ac\u00adme", "acme"),
        new Pair(Fold.CONFUSABLE, "\u0430cme", "acme"));
  }

  /** {@link #fixed()} and {@link #SAMPLE} pairs generated from the seed. */
  public static List<Pair> pairs() {
    List<Pair> out = new ArrayList<>(fixed());
    out.addAll(generated(Long.getLong("sm.test.lookalike.seed", SEED), SAMPLE));
    return out;
  }

  /** A check of one pair; {@code k} is its index, for the check to make its other ids unique. */
  @FunctionalInterface
  public interface PairCheck {
    /** Checks the pair. */
    void check(int k, Pair pair);
  }

  /** Runs {@code check} on every pair of {@link #pairs()}; a failure names the pair. */
  public static void forEachPair(PairCheck check) {
    List<Pair> pairs = pairs();
    for (int k = 0; k < pairs.size(); k++) {
      try {
        check.check(k, pairs.get(k));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("look-alike pair " + pairs.get(k) + ": " + e.getMessage(), e);
      }
    }
  }

  /** A check of one refused id; {@code j} is its index, for the check to make its other ids unique. */
  @FunctionalInterface
  public interface RefusedCheck {
    /**
     * Checks the id.
     *
     * @param j the index of the refused id in {@link #refused()}
     * @param bad the refused id
     * @param like the valid id a database would take it for ({@code "id-" + j} when there is none)
     */
    void check(int j, String bad, String like);
  }

  /** Runs {@code check} on every id of {@link #refused()}; a failure names the id. */
  public static void forEachRefused(RefusedCheck check) {
    List<Refused> refused = refused();
    for (int j = 0; j < refused.size(); j++) {
      Refused r = refused.get(j);
      try {
        check.check(j, r.id(), r.lookAlike() == null ? "id-" + j : r.lookAlike());
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("refused id " + r + ": " + e.getMessage(), e);
      }
    }
  }

  /** Ids the grammar refuses, each with the valid id a database or driver would confuse it with. */
  public static List<Refused> refused() {
    return List.of(
        new Refused("acme ", InvalidIdException.Rule.TRAILING_WHITESPACE, "acme"),
        new Refused(" acme", InvalidIdException.Rule.LEADING_WHITESPACE, "acme"),
        new Refused("acme\u00a0", InvalidIdException.Rule.TRAILING_WHITESPACE, "acme"),
        new Refused("\u3000acme", InvalidIdException.Rule.LEADING_WHITESPACE, "acme"),
        new Refused("acme\u2028", InvalidIdException.Rule.TRAILING_WHITESPACE, "acme"),
        new Refused("acme\t", InvalidIdException.Rule.CONTROL_CHARACTER, "acme"),
        new Refused("ac\u0000me", InvalidIdException.Rule.CONTROL_CHARACTER, "acme"),
        new Refused("ac\u0085me", InvalidIdException.Rule.CONTROL_CHARACTER, "acme"),
        new Refused("x\ud800", InvalidIdException.Rule.UNPAIRED_SURROGATE, "x?"),
        new Refused("x\udc00y", InvalidIdException.Rule.UNPAIRED_SURROGATE, "x?y"),
        new Refused("", InvalidIdException.Rule.EMPTY, null),
        new Refused("a".repeat(Ids.MAX_UTF8_BYTES) + "b", InvalidIdException.Rule.TOO_LONG,
            "a".repeat(Ids.MAX_UTF8_BYTES)));
  }

  /** Valid ids of exactly {@link Ids#MAX_UTF8_BYTES} bytes in UTF-8, of 1-, 2-, 3- and 4-byte characters. */
  public static List<String> atTheBound() {
    return List.of("a".repeat(255), "é".repeat(127) + "a", "€".repeat(85), "\ud83d\ude00".repeat(63) + "a'%",
        "\u4e2d".repeat(84) + "_-\\");
  }

  /** Ids one byte past the bound, each the id of {@link #atTheBound()} at its index with one byte more. */
  public static List<String> pastTheBound() {
    return atTheBound().stream().map(s -> s + "z").toList();
  }

  // ------------------------------------------------------------------------------------------- generation

  private static final String[] LETTERS = {"a", "b", "c", "d", "e", "i", "k", "m", "o", "p", "s", "t", "x", "z",
      "A", "B", "E", "I", "K", "M", "O", "S", "T", "0", "1", "7", "9"};
  private static final String[] OTHERS = {"-", "_", ".", "'", "\"", "%", "\\", ";", ":", "@", "#", "/", " ", "é",
      "ü", "ñ", "λ", "ж", "\u4e2d", "\ud83d\ude00", "\ud83c\udf89", "ß", "ø"};

  /** {@code count} pairs from a {@link Random} seeded with {@code seed}, the folds taken in turn. */
  public static List<Pair> generated(long seed, int count) {
    Random r = new Random(seed);
    List<Pair> out = new ArrayList<>(count);
    Fold[] folds = Fold.values();
    for (int draws = 0; out.size() < count; draws++) {
      if (draws > 100 * (count + 1)) {
        throw new IllegalStateException("the generator found no " + folds[out.size() % folds.length] + " pair");
      }
      Pair p = generate(folds[out.size() % folds.length], r);
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  /** One pair of the fold, or {@code null} when the random base did not give one (the caller draws again). */
  static Pair generate(Fold fold, Random r) {
    String base = base(r);
    String a;
    String b;
    switch (fold) {
      case CASE -> {
        a = insert(r, base, pick(r, "a", "m", "z", "Q"));
        b = swapCase(a);
      }
      case ACCENT -> {
        a = insert(r, base, pick(r, "é", "ü", "ñ", "ç", "å", "Ö"));
        b = stripAccents(a);
      }
      case NORMALISATION -> {
        a = Normalizer.normalize(insert(r, base, pick(r, "é", "ü", "ñ", "ç", "å", "Ö", "ế")), Normalizer.Form.NFC);
        b = Normalizer.normalize(a, Normalizer.Form.NFD);
      }
      case COMPATIBILITY -> {
        String plain = pick(r, "ACME", "fi", "K", "2", "tenant", "x1");
        String compat = switch (plain) {
          case "fi" -> "\ufb01";
          case "K" -> "\u212a";
          case "2" -> "\u00b2";
          default -> fullWidth(plain);
        };
        int at = r.nextInt(base.length() + 1);
        a = base.substring(0, at) + compat + base.substring(at);
        b = base.substring(0, at) + plain + base.substring(at);
      }
      case TURKISH_I -> {
        a = insert(r, base, pick(r, "i", "I"));
        b = a.replaceFirst("[iI]", "\u0131");
      }
      case SHARP_S -> {
        a = insert(r, base, "ss");
        b = a.replaceFirst("ss", "\u00df");
      }
      case IGNORABLE -> {
        a = "k" + base + "k";
        int at = 1 + r.nextInt(a.length() - 1);
        b = a.substring(0, at) + pick(r, "\u00ad", "\u200b", "\u200c", "\u200d") + a.substring(at);
      }
      case CONFUSABLE -> {
        a = insert(r, base, pick(r, "a", "e", "o", "p", "c", "x"));
        b = cyrillic(a);
      }
      default -> throw new IllegalStateException(fold.name());
    }
    if (!Ids.isValid(a) || !Ids.isValid(b) || a.equals(b) || !fold.folds(a, b)) {
      return null;
    }
    return r.nextBoolean() ? new Pair(fold, a, b) : new Pair(fold, b, a);
  }

  private static String base(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(12);
    for (int i = 0; i < n; i++) {
      sb.append(r.nextInt(3) == 0 ? OTHERS[r.nextInt(OTHERS.length)] : LETTERS[r.nextInt(LETTERS.length)]);
    }
    // whitespace only inside: the grammar refuses it at either end
    return "t" + sb.toString().strip() + "0";
  }

  private static String insert(Random r, String s, String what) {
    int at = r.nextInt(s.length() + 1);
    if (at > 0 && at < s.length() && Character.isHighSurrogate(s.charAt(at - 1))
        && Character.isLowSurrogate(s.charAt(at))) {
      at--; // never between the halves of a surrogate pair
    }
    return s.substring(0, at) + what + s.substring(at);
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }

  private static String swapCase(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }

  private static String fullWidth(String ascii) {
    StringBuilder sb = new StringBuilder(ascii.length());
    for (char c : ascii.toCharArray()) {
      sb.append((char) (c + 0xfee0));
    }
    return sb.toString();
  }

  static String stripAccents(String s) {
    return Normalizer.normalize(Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{Mn}", ""),
        Normalizer.Form.NFC);
  }

  private static String upperLower(String s) {
    return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  private static final String LATIN = "aeopcx";
  private static final String CYRILLIC = "\u0430\u0435\u043e\u0440\u0441\u0445";

  /** The first Latin letter of {@link #LATIN} replaced by its Cyrillic look-alike. */
  private static String cyrillic(String s) {
    return replace(s, LATIN, CYRILLIC, true);
  }

  /** Every Cyrillic letter of {@link #CYRILLIC} replaced by its Latin look-alike. */
  private static String latin(String s) {
    return replace(s, CYRILLIC, LATIN, false);
  }

  private static String replace(String s, String from, String to, boolean firstOnly) {
    StringBuilder sb = new StringBuilder(s);
    for (int i = 0; i < sb.length(); i++) {
      int k = from.indexOf(sb.charAt(i));
      if (k >= 0) {
        sb.setCharAt(i, to.charAt(k));
        if (firstOnly) {
          break;
        }
      }
    }
    return sb.toString();
  }
}
