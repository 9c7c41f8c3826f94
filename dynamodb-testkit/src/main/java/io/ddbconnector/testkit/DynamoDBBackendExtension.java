package io.ddbconnector.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a {@link Backend} into constructors, {@code @BeforeAll},
 * {@code @BeforeEach} and test methods of a class annotated
 * {@code @ExtendWith(DynamoDBBackendExtension.class)}.
 *
 * <p>Why: every test class needs a server and clean-up, and one server per test JVM keeps the
 * suite fast. The injected backend is {@link Backend#shared()} seen through a per-class tracker:
 * tables created with its {@code createTable} methods are deleted when the test class finishes.
 * The tracker lives in the class's extension store as an {@link AutoCloseable}, which JUnit
 * (5.13 and later) closes when the class's context ends.
 */
public final class DynamoDBBackendExtension implements BeforeAllCallback, ParameterResolver {

  @Override
  public void beforeAll(ExtensionContext context) {
    tracker(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == Backend.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext,
      ExtensionContext extensionContext) {
    return tracker(extensionContext).backend;
  }

  /**
   * The tracker of the nearest enclosing test class, created on first use. Each class, nested
   * ones included, gets its own (the namespace names the class context), so a nested class's
   * tables are deleted as soon as that nested class is done.
   */
  private static TableTracker tracker(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    ExtensionContext.Namespace namespace = ExtensionContext.Namespace.create(
        DynamoDBBackendExtension.class, classContext.getUniqueId());
    return classContext.getStore(namespace)
        .getOrComputeIfAbsent(TableTracker.class, type -> new TableTracker(), TableTracker.class);
  }

  /** Remembers the tables a test class created and deletes them when the class is done. */
  private static final class TableTracker implements AutoCloseable {
    private final Set<String> tables = new LinkedHashSet<>();
    private final Backend backend;

    TableTracker() {
      Backend shared = Backend.shared();
      this.backend = shared.withTableListener(this::add);
    }

    private synchronized void add(String table) {
      tables.add(table);
    }

    private synchronized List<String> drain() {
      List<String> names = new ArrayList<>(tables);
      tables.clear();
      return names;
    }

    @Override
    public void close() {
      RuntimeException failure = null;
      for (String table : drain()) {
        try {
          backend.deleteTable(table);
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = new IllegalStateException("could not delete test tables", e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
