/**
 * The condition language used on the transitions of a workflow graph: a safe, side-effect-free and total language
 * whose syntax is a subset of <a href="https://github.com/google/cel-spec">CEL</a> (the Common Expression Language),
 * for example {@code age >= 18} or {@code customer.tier in ["gold", "platinum"] && has(customer.email)}.
 *
 * <p>{@link org.scenariomigration.condition.ConditionEngine} is the service-provider interface that compiles text into
 * a {@link org.scenariomigration.condition.CompiledCondition}; {@link
 * org.scenariomigration.condition.BuiltInConditionEngine} is the built-in implementation. Compilation reports every
 * problem as a {@link org.scenariomigration.condition.ConditionSyntaxException} with its position; evaluation either
 * returns a boolean or throws a {@link org.scenariomigration.condition.ConditionEvaluationException}. Neither ever
 * throws anything else (in particular, no input can overflow the stack), and a compiled condition is immutable and
 * thread-safe.
 *
 * <h2>Grammar</h2>
 *
 * <pre>{@code
 * expression := or
 * or         := and ('||' and)*
 * and        := relation ('&&' relation)*
 * relation   := unary (('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in') unary)*    // left-associative
 * unary      := '!'+ primary | '-'+ primary | primary
 * primary    := literal | path | 'has' '(' path ')' | '(' expression ')' | '[' [expression (',' expression)* [',']] ']'
 * path       := identifier ('.' identifier)*
 * identifier := [A-Za-z_][A-Za-z0-9_]*          // not true, false, null, in; a path may not start with a CEL
 *                                               // reserved word: as break const continue else for function if
 *                                               // import let loop namespace package return var void while
 * literal    := int | double | string | 'true' | 'false' | 'null'
 * int        := '-'? digits | '-'? '0x' hexdigits   // signed 64-bit; anything out of range is a syntax error
 * double     := '-'? digits '.' digits exponent? | '-'? digits exponent | '-'? '.' digits exponent?
 * exponent   := ('e' | 'E') ('+' | '-')? digits
 * string     := '"' char* '"' | "'" char* "'"    // no line breaks; escapes: see below
 * }</pre>
 *
 * <p>The escapes in a string literal are <code>\\ \" \' \n \r \t</code> and <code>&#92;uXXXX</code> (exactly four
 * hexadecimal digits, not a surrogate code point); any other backslash sequence is a syntax error.
 *
 * <p>Whitespace (space, tab, line feed, carriage return, form feed) separates tokens, and {@code //} starts a comment
 * that runs to the end of the line. Operators bind, from loosest to tightest: {@code ||}; {@code &&}; the relations
 * {@code == != < <= > >= in}; the unary {@code !} and {@code -}. A minus sign directly before a number literal is part
 * of the literal, so {@code -9223372036854775808} is valid. As in CEL, an even number of the same unary operator in a
 * row cancels out ({@code !!x} is {@code x}), and the two unary operators cannot be mixed without parentheses
 * ({@code !-x} is a syntax error).
 *
 * <h2>Limits</h2>
 *
 * <p>The built-in engine rejects text longer than {@link
 * org.scenariomigration.condition.BuiltInConditionEngine#maxLength()} (default 4096) and text nested deeper than
 * {@link org.scenariomigration.condition.BuiltInConditionEngine#maxDepth()} (default 32, at most 256). Literals,
 * paths and {@code has()} have depth 0; parentheses, a list literal, each unary operator (and the sign of a negative
 * number literal), each relation and each chain of {@code &&} (or of {@code ||}) add one level to the deepest of their
 * operands. So {@code a && b && c && ...} of any length has depth 1, but {@code a == b == c} has depth 2. Empty or
 * blank text, and null, are syntax errors at position 0.
 *
 * <h2>Evaluation</h2>
 *
 * <ul>
 *   <li>A path reads the variables map and then nested {@link java.util.Map}s. A missing key is an error
 *       ({@code no such field 'a.b'}), and so is selecting a field of null or of anything that is not a map.</li>
 *   <li>Values: null; {@link java.lang.Boolean}; int, from {@link java.lang.Long}, {@link java.lang.Integer},
 *       {@link java.lang.Short}, {@link java.lang.Byte}, {@link java.util.concurrent.atomic.AtomicInteger},
 *       {@link java.util.concurrent.atomic.AtomicLong} and {@link java.math.BigInteger} within the signed 64-bit
 *       range; double, from {@link java.lang.Double}, {@link java.lang.Float} and {@link java.math.BigDecimal}
 *       (converted with {@code doubleValue()}); {@link java.lang.String}; {@link java.util.List}; {@link
 *       java.util.Map}. Reading a field whose value is of any other type is an error.</li>
 *   <li>{@code ==} and {@code !=} are CEL's heterogeneous equality and never fail on a type mismatch: values of
 *       different kinds are unequal ({@code 1 == "1"} is false), numbers compare by value across int and double
 *       ({@code 1 == 1.0} is true), lists compare element by element and maps entry by entry.</li>
 *   <li>{@code < <= > >=} order two numbers (an int is converted to double to meet a double, as CEL implementations
 *       do), two strings (by Unicode code point) or two booleans ({@code false < true}); any other pair is an
 *       error.</li>
 *   <li>{@code x in list} is true when some element equals {@code x} by {@code ==}; {@code k in map} is true when
 *       the map has the key {@code k}; any other right-hand side is an error.</li>
 *   <li>{@code has(a.b.c)} is true when the map reached by {@code a.b} has the key {@code c}, even if its value is
 *       null; it is an error when {@code a.b} itself cannot be read or is not a map. {@code has(x)} on a top-level
 *       field is true when the variables map has the key {@code x}.</li>
 *   <li>{@code !} needs a boolean; unary {@code -} needs a number, and negating the smallest int overflows, which is
 *       an error.</li>
 *   <li>{@code &&} and {@code ||} absorb errors as CEL does, whichever side they are on: {@code false && e} and
 *       {@code e && false} are false, {@code true || e} and {@code e || true} are true, where {@code e} is an error
 *       or a value that is not a boolean. Otherwise the first error in the chain is the result.</li>
 *   <li>The condition must evaluate to a boolean; any other result, and any error, makes
 *       {@link org.scenariomigration.condition.CompiledCondition#evaluate(java.util.Map)} throw.</li>
 * </ul>
 *
 * <h2>Differences from CEL</h2>
 *
 * <p>Every condition this engine accepts is valid CEL syntax, except as noted, and evaluates to the same result or
 * error as it would in CEL with every field declared as {@code dyn}. The differences are:
 *
 * <ol>
 *   <li>Much of CEL is not supported and is a syntax error with its position: arithmetic ({@code + - * / %}), the
 *       conditional operator {@code ?:}, map and message literals, indexing ({@code a[0]}, {@code a["k"]}),
 *       selecting a field of anything but a path ({@code (a).b}), every function and macro other than {@code has()}
 *       (such as {@code size}, {@code matches}, {@code startsWith}, {@code exists}, {@code all}, type conversions),
 *       method calls, optional syntax ({@code a.?b}), quoted identifiers, names with a leading dot, unsigned
 *       integers ({@code 1u}), bytes ({@code b"x"}), raw and triple-quoted strings, the escapes {@code \a \b \f \v
 *       \? \` \xHH}, octal escapes and {@code \UXXXXXXXX}, and the types uint, bytes, timestamp, duration and
 *       type.</li>
 *   <li>{@code has(x)} is allowed on a top-level field (CEL only allows {@code has(a.b)}); and the argument of
 *       {@code has()} must be a path written without parentheses.</li>
 *   <li>There is no type checking: any field name compiles, and type mismatches (such as {@code age < "18"} or
 *       {@code 1 && true}) are evaluation errors, as in CEL evaluated without a checked environment, not compile
 *       errors.</li>
 *   <li>Floating-point comparisons follow IEEE 754, as the CEL specification and cel-go do: NaN is unequal to and
 *       unordered with everything, and {@code -0.0 == 0.0}. (cel-java 0.14.0 compares with
 *       {@link java.lang.Double#compare} in places: there NaN equals NaN, also in {@code in} and in list equality,
 *       and a negative zero double is below, and unequal to, the int {@code 0}.)</li>
 *   <li>A double literal that overflows (such as {@code 1e999}) is a syntax error, as in cel-go (cel-java reads it
 *       as infinity).</li>
 *   <li>Strings are ordered by Unicode code point, as the CEL specification and cel-go do; cel-java compares UTF-16
 *       code units, which puts U+E000..U+FFFF after the characters above U+FFFF (a string of U+E000 is less than
 *       one of U+1F600 here, and greater in cel-java).</li>
 *   <li>{@code x in list} compares with {@code ==} at every level, so {@code [1] in [[1.0]]} is true, as
 *       {@code [1] == [1.0]} is; cel-java 0.14.0 compares a list or map element of a list with Java equality there
 *       and says false.</li>
 *   <li>An error that {@code &&} or {@code ||} cannot absorb is the result of the chain and propagates through the
 *       operators around it, as the CEL specification says: {@code 0 == (false || x)} with {@code x}
 *       missing is an error. cel-java 0.14.0 (whose planner evaluates unchecked expressions) hands such an error to
 *       {@code ==}, {@code !=} and {@code in} as if it were a value, and gets false or true.</li>
 *   <li>Numbers compare across int and double ({@code 1 < 1.5} is true, an int is converted to double), as the CEL
 *       specification and cel-go do; cel-java does so only with its option
 *       {@code enableHeterogeneousNumericComparisons}, and otherwise reports no matching overload.</li>
 *   <li>The depth and length limits are this engine's own; CEL implementations have different limits.</li>
 *   <li>Lists and maps nested more than 256 levels deep inside the variables cannot be compared, nor looked up as a
 *       key of a map ({@code x in m}): such a comparison or lookup is an error.</li>
 *   <li>Error messages are this engine's own.</li>
 * </ol>
 *
 * <p>The test {@code ConditionDifferentialProperties} checks all of this against cel-java 0.14.0, configured with
 * CEL standard equality, heterogeneous numeric comparisons, the {@code has()} macro and every variable declared as
 * {@code dyn}, evaluating parsed but unchecked expressions.
 */
package org.scenariomigration.condition;
