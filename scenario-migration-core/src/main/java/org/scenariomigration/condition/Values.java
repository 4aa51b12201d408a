package org.scenariomigration.condition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime value model and the operators on it. Values are plain Java objects, classified by {@link #kind}: null,
 * {@link Boolean}, integral numbers (int), floating-point numbers (double), {@link String}, {@link List}, {@link Map}
 * and {@link EvalError}. Anything else is unsupported. Operators return a {@link Boolean} or an {@link EvalError}.
 */
final class Values {
  static final int NULL = 0;
  static final int BOOL = 1;
  static final int INT = 2;
  static final int DOUBLE = 3;
  static final int STRING = 4;
  static final int LIST = 5;
  static final int MAP = 6;
  static final int ERROR = 7;
  static final int UNSUPPORTED = 8;

  /** How deeply nested lists and maps may be before equality gives up with an error instead of recursing further. */
  static final int MAX_VALUE_DEPTH = 256;

  /** Marks a key that is absent from a map (as opposed to present with a null value). */
  static final Object MISSING = new Object() {
    @Override
    public String toString() {
      return "MISSING";
    }
  };

  /** Marks a key that is a list or map nested too deeply to look up (see {@link #MAX_VALUE_DEPTH}). */
  private static final Object TOO_DEEP = new Object() {
    @Override
    public String toString() {
      return "TOO_DEEP";
    }
  };

  private Values() {}

  static int kind(Object v) {
    if (v == null) {
      return NULL;
    }
    if (v instanceof Boolean) {
      return BOOL;
    }
    if (v instanceof String) {
      return STRING;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return INT;
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      return DOUBLE;
    }
    if (v instanceof List) {
      return LIST;
    }
    if (v instanceof Map) {
      return MAP;
    }
    if (v instanceof EvalError) {
      return ERROR;
    }
    if (v instanceof BigInteger) {
      return ((BigInteger) v).bitLength() < 64 ? INT : UNSUPPORTED;
    }
    if (v instanceof AtomicInteger || v instanceof AtomicLong) {
      return INT;
    }
    return UNSUPPORTED;
  }

  static boolean isNumber(int kind) {
    return kind == INT || kind == DOUBLE;
  }

  /** Describes the type of a value for a message: "a number", "a string", "null", ... */
  static String describe(Object v) {
    switch (kind(v)) {
      case NULL:
        return "null";
      case BOOL:
        return "a boolean";
      case INT:
      case DOUBLE:
        return "a number";
      case STRING:
        return "a string";
      case LIST:
        return "a list";
      case MAP:
        return "a map";
      case ERROR:
        return "an error";
      default:
        if (v instanceof BigInteger) {
          return "an integer outside the signed 64-bit range";
        }
        return "a value of unsupported type " + v.getClass().getName();
    }
  }

  /** Returns the value stored under {@code key}, or {@link #MISSING} when the key is absent. Never throws. */
  static Object lookup(Map<?, ?> map, String key) {
    try {
      Object value = map.get(key);
      if (value == null && !map.containsKey(key)) {
        return MISSING;
      }
      return value;
    } catch (ClassCastException | NullPointerException | UnsupportedOperationException e) {
      return MISSING;
    }
  }

  /** CEL heterogeneous equality: TRUE, FALSE or an error (errors and unsupported values only). */
  static Object equal(Object a, Object b) {
    return equal(a, b, 0);
  }

  private static Object equal(Object a, Object b, int depth) {
    int ka = kind(a);
    int kb = kind(b);
    if (ka == ERROR) {
      return a;
    }
    if (kb == ERROR) {
      return b;
    }
    if (ka == UNSUPPORTED || kb == UNSUPPORTED) {
      return new EvalError("cannot apply '==' to " + describe(a) + " and " + describe(b));
    }
    if (isNumber(ka) && isNumber(kb)) {
      return numericEqual(a, ka, b, kb) ? Boolean.TRUE : Boolean.FALSE;
    }
    if (ka != kb) {
      return Boolean.FALSE;
    }
    switch (ka) {
      case NULL:
        return Boolean.TRUE;
      case BOOL:
        return ((Boolean) a).booleanValue() == ((Boolean) b).booleanValue() ? Boolean.TRUE : Boolean.FALSE;
      case STRING:
        return a.equals(b) ? Boolean.TRUE : Boolean.FALSE;
      case LIST:
        return listEqual((List<?>) a, (List<?>) b, depth + 1);
      default:
        return mapEqual((Map<?, ?>) a, (Map<?, ?>) b, depth + 1);
    }
  }

  private static EvalError tooDeep() {
    return new EvalError("values are nested more than " + MAX_VALUE_DEPTH + " levels deep and cannot be compared");
  }

  private static Object listEqual(List<?> a, List<?> b, int depth) {
    if (depth > MAX_VALUE_DEPTH) {
      return tooDeep();
    }
    if (a.size() != b.size()) {
      return Boolean.FALSE;
    }
    Object error = null;
    Iterator<?> ia = a.iterator();
    Iterator<?> ib = b.iterator();
    while (ia.hasNext() && ib.hasNext()) {
      Object e = equal(ia.next(), ib.next(), depth);
      if (e == Boolean.FALSE) {
        return Boolean.FALSE;
      }
      if (e != Boolean.TRUE && error == null) {
        error = e;
      }
    }
    return error != null ? error : Boolean.TRUE;
  }

  private static Object mapEqual(Map<?, ?> a, Map<?, ?> b, int depth) {
    if (depth > MAX_VALUE_DEPTH) {
      return tooDeep();
    }
    if (a.size() != b.size()) {
      return Boolean.FALSE;
    }
    Object error = null;
    for (Map.Entry<?, ?> entry : a.entrySet()) {
      Object other = findKey(b, entry.getKey());
      if (other == TOO_DEEP) {
        if (error == null) {
          error = tooDeep();
        }
        continue;
      }
      if (other == MISSING) {
        return Boolean.FALSE;
      }
      Object e = equal(entry.getValue(), other, depth);
      if (e == Boolean.FALSE) {
        return Boolean.FALSE;
      }
      if (e != Boolean.TRUE && error == null) {
        error = e;
      }
    }
    return error != null ? error : Boolean.TRUE;
  }

  /**
   * Returns the value stored in {@code map} under a key equal (in the CEL sense, so {@code 1 == 1.0}) to {@code key},
   * {@link #MISSING}, or {@link #TOO_DEEP} for a list or map key nested more than {@link #MAX_VALUE_DEPTH} levels
   * deep, whose {@code hashCode()} could overflow the stack.
   */
  private static Object findKey(Map<?, ?> map, Object key) {
    if ((key instanceof List || key instanceof Map) && deeperThan(key, MAX_VALUE_DEPTH)) {
      return TOO_DEEP;
    }
    try {
      Object value = map.get(key);
      if (value != null || map.containsKey(key)) {
        return value;
      }
    } catch (ClassCastException | NullPointerException | UnsupportedOperationException e) {
      // fall through to the scan below
    }
    int kk = kind(key);
    if (kk == STRING || kk == BOOL) {
      return MISSING;
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (equal(key, entry.getKey(), MAX_VALUE_DEPTH) == Boolean.TRUE) {
        return entry.getValue();
      }
    }
    return MISSING;
  }

  /** Whether {@code v} is a list or map with more than {@code limit} levels of lists and maps; recursion bounded. */
  private static boolean deeperThan(Object v, int limit) {
    if (v instanceof List) {
      if (limit == 0) {
        return true;
      }
      for (Object e : (List<?>) v) {
        if (deeperThan(e, limit - 1)) {
          return true;
        }
      }
    } else if (v instanceof Map) {
      if (limit == 0) {
        return true;
      }
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (deeperThan(e.getKey(), limit - 1) || deeperThan(e.getValue(), limit - 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code key in map}: TRUE, FALSE, or an error for a key nested too deeply to look up. */
  static Object hasKey(Map<?, ?> map, Object key) {
    Object found = findKey(map, key);
    if (found == TOO_DEEP) {
      return tooDeep();
    }
    return found == MISSING ? Boolean.FALSE : Boolean.TRUE;
  }

  /** {@code element in list}: TRUE, FALSE or an error when no element matched and some comparison failed. */
  static Object contains(List<?> list, Object element) {
    Object error = null;
    for (Object candidate : list) {
      Object e = equal(element, candidate, 0);
      if (e == Boolean.TRUE) {
        return Boolean.TRUE;
      }
      if (e != Boolean.FALSE && error == null) {
        error = e;
      }
    }
    return error != null ? error : Boolean.FALSE;
  }

  static boolean numericEqual(Object a, int ka, Object b, int kb) {
    if (ka == INT && kb == INT) {
      return ((Number) a).longValue() == ((Number) b).longValue();
    }
    return ((Number) a).doubleValue() == ((Number) b).doubleValue();
  }

  /** The ordering operators. */
  enum Order {
    LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Order(String symbol) {
      this.symbol = symbol;
    }

    boolean holds(int comparison) {
      switch (this) {
        case LT:
          return comparison < 0;
        case LE:
          return comparison <= 0;
        case GT:
          return comparison > 0;
        default:
          return comparison >= 0;
      }
    }

    boolean holds(double a, double b) {
      switch (this) {
        case LT:
          return a < b;
        case LE:
          return a <= b;
        case GT:
          return a > b;
        default:
          return a >= b;
      }
    }
  }

  /** {@code a op b} for an ordering operator: TRUE, FALSE or an error for operands that have no order. */
  static Object compare(Order op, Object a, Object b) {
    int ka = kind(a);
    int kb = kind(b);
    if (ka == ERROR) {
      return a;
    }
    if (kb == ERROR) {
      return b;
    }
    boolean result;
    if (ka == INT && kb == INT) {
      result = op.holds(Long.compare(((Number) a).longValue(), ((Number) b).longValue()));
    } else if (isNumber(ka) && isNumber(kb)) {
      result = op.holds(((Number) a).doubleValue(), ((Number) b).doubleValue());
    } else if (ka == STRING && kb == STRING) {
      result = op.holds(compareCodePoints((String) a, (String) b));
    } else if (ka == BOOL && kb == BOOL) {
      result = op.holds(Boolean.compare((Boolean) a, (Boolean) b));
    } else {
      return new EvalError("cannot apply '" + op.symbol + "' to " + describe(a) + " and " + describe(b));
    }
    return result ? Boolean.TRUE : Boolean.FALSE;
  }

  /** Compares strings by Unicode code point (not by UTF-16 code unit, which orders U+E000..U+FFFF wrongly). */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        if (ca >= 0xD800 && cb >= 0xD800) {
          // Surrogates (D800..DFFF) encode code points above FFFF, so they sort after E000..FFFF.
          return Integer.compare(fixup(ca), fixup(cb));
        }
        return Integer.compare(ca, cb);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int fixup(char c) {
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }
}
