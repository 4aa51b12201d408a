package org.scenariomigration.condition;

/**
 * The built-in {@link ConditionEngine}: a small, safe, side-effect-free interpreter for the subset of CEL described in
 * the {@linkplain org.scenariomigration.condition package documentation}. Instances are immutable and thread-safe.
 *
 * <p>Two limits keep compilation and evaluation cheap and bounded whatever the input: the length of the text
 * ({@link #maxLength()}) and the depth of its nesting ({@link #maxDepth()}). Text beyond either limit is rejected with
 * a {@link ConditionSyntaxException}.
 */
public final class BuiltInConditionEngine implements ConditionEngine {

  /** The default maximum length of a condition, in characters. */
  static final int DEFAULT_MAX_LENGTH = 4096;
  /** The default maximum nesting depth of a condition. */
  static final int DEFAULT_MAX_DEPTH = 32;
  /**
   * The largest maximum depth a builder accepts: it keeps the recursion of the parser and the evaluator far below the
   * size of a thread stack.
   */
  static final int DEPTH_CEILING = 256;

  private static final BuiltInConditionEngine DEFAULTS =
      new BuiltInConditionEngine(DEFAULT_MAX_LENGTH, DEFAULT_MAX_DEPTH);

  private final int maxLength;
  private final int maxDepth;

  private BuiltInConditionEngine(int maxLength, int maxDepth) {
    this.maxLength = maxLength;
    this.maxDepth = maxDepth;
  }

  /** Returns a builder that starts from the default limits (4096 characters, depth 32). */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the engine with the default limits: 4096 characters and depth 32. */
  public static BuiltInConditionEngine defaults() {
    return DEFAULTS;
  }

  /** Returns the maximum length of a condition, in characters (UTF-16 code units). */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Returns the maximum nesting depth of a condition. Literals, field paths and {@code has()} have depth 0; a
   * parenthesized expression, a list literal, each unary operator, each comparison and each chain of {@code &&} or
   * {@code ||} adds one level to the deepest of its operands.
   */
  public int maxDepth() {
    return maxDepth;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Text longer than {@link #maxLength()} is rejected at position {@code maxLength()}; nesting deeper than
   * {@link #maxDepth()} is rejected at the token that goes too deep.
   */
  @Override
  public CompiledCondition compile(String expression) {
    if (expression == null) {
      throw new ConditionSyntaxException(null, 0, "condition is null");
    }
    if (expression.length() > maxLength) {
      throw new ConditionSyntaxException(expression, maxLength, "condition is too long: " + expression.length()
          + " characters, the maximum is " + maxLength);
    }
    if (expression.isBlank()) {
      throw new ConditionSyntaxException(expression, 0, "condition is empty");
    }
    return new Parser(expression, maxDepth).parse();
  }

  /** Two built-in engines are equal when they have the same limits. */
  @Override
  public boolean equals(Object other) {
    return other instanceof BuiltInConditionEngine that && maxLength == that.maxLength && maxDepth == that.maxDepth;
  }

  /** Returns a hash code consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return 31 * maxLength + maxDepth;
  }

  /** Returns a description naming both limits, e.g. {@code BuiltInConditionEngine{maxLength=4096, maxDepth=32}}. */
  @Override
  public String toString() {
    return "BuiltInConditionEngine{maxLength=" + maxLength + ", maxDepth=" + maxDepth + "}";
  }

  /** Builds a {@link BuiltInConditionEngine} with custom limits. Each setter validates its argument at once. */
  public static final class Builder {
    private int maxLength = DEFAULT_MAX_LENGTH;
    private int maxDepth = DEFAULT_MAX_DEPTH;

    private Builder() {}

    /**
     * Sets the maximum length of a condition, in characters (default 4096).
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code maxLength} is not positive
     */
    public Builder maxLength(int maxLength) {
      if (maxLength <= 0) {
        throw new IllegalArgumentException("maxLength must be positive but was " + maxLength);
      }
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Sets the maximum nesting depth of a condition (default 32), see {@link BuiltInConditionEngine#maxDepth()}.
     *
     * @return this builder
     * @throws IllegalArgumentException if {@code maxDepth} is not positive or is above 256
     */
    public Builder maxDepth(int maxDepth) {
      if (maxDepth <= 0) {
        throw new IllegalArgumentException("maxDepth must be positive but was " + maxDepth);
      }
      if (maxDepth > DEPTH_CEILING) {
        throw new IllegalArgumentException("maxDepth must be at most " + DEPTH_CEILING + " but was " + maxDepth);
      }
      this.maxDepth = maxDepth;
      return this;
    }

    /** Returns an engine with the limits set so far. */
    public BuiltInConditionEngine build() {
      return new BuiltInConditionEngine(maxLength, maxDepth);
    }
  }
}
