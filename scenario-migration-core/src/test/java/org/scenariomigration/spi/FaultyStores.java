package org.scenariomigration.spi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Store wrappers that fail the N-th store call (any SPI method of the wrapped stores, reads included): before it, or
 * after it has taken effect. For stores that do not share a transaction (the in-memory ones, a host's own), where an
 * operator call is a resumable sequence rather than one transaction.
 */
public final class FaultyStores implements FaultInjector {

  /** The fault. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }

  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean counting;
  private volatile int failAt;
  private volatile Kind kind = Kind.BEFORE;
  private volatile String struck;

  /** The session store (which must also be the journal store), wrapped. */
  public SessionStore sessions(SessionStore store) {
    return wrap(store, SessionStore.class, JournalStore.class);
  }

  /** The scenario store, wrapped. */
  public ScenarioStore scenarios(ScenarioStore store) {
    return wrap(store, ScenarioStore.class);
  }

  /** The plan store, wrapped. */
  public PlanStore plans(PlanStore store) {
    return wrap(store, PlanStore.class);
  }

  /** The profile store, wrapped. */
  public ProfileStore profiles(ProfileStore store) {
    return wrap(store, ProfileStore.class);
  }

  @SuppressWarnings("unchecked")
  private <T> T wrap(Object store, Class<T> type, Class<?>... more) {
    Class<?>[] ifaces = new Class<?>[more.length + 1];
    ifaces[0] = type;
    System.arraycopy(more, 0, ifaces, 1, more.length);
    for (Class<?> i : ifaces) {
      if (!i.isInstance(store)) {
        throw new IllegalArgumentException(store + " is not a " + i.getName());
      }
    }
    return (T) Proxy.newProxyInstance(FaultyStores.class.getClassLoader(), ifaces, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.getName().equals("equals") ? proxy == args[0] : method.invoke(store, args);
      }
      boolean fail = false;
      String what = type.getSimpleName() + "." + method.getName();
      if (counting) {
        int n = count.incrementAndGet();
        fail = n == failAt;
        if (fail) {
          struck = "#" + n + " " + kind + " " + what;
        }
      }
      if (fail && kind == Kind.BEFORE) {
        throw new InjectedFault("injected fault before " + what);
      }
      Object result;
      try {
        result = method.invoke(store, args);
      } catch (InvocationTargetException e) {
        if (fail) {
          throw new InjectedFault("injected fault after " + what + " (which threw " + e.getCause() + ")");
        }
        throw e.getCause();
      }
      if (fail) {
        throw new InjectedFault("injected fault after " + what);
      }
      return result;
    });
  }

  @Override
  public void count() {
    failAt(0, Kind.BEFORE);
  }

  @Override
  public int counted() {
    return count.get();
  }

  @Override
  public void failAt(int n, Kind kind) {
    this.kind = kind;
    this.failAt = n;
    this.struck = null;
    count.set(0);
    counting = true;
  }

  @Override
  public void disarm() {
    counting = false;
    failAt = 0;
  }

  @Override
  public String struck() {
    return struck;
  }
}
