package io.slipway.app.engine;

import io.slipway.core.build.BuilderService;
import io.slipway.core.build.selection.Builders;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineInfo;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected engine as the window sees it: who answered, and the builder to run builds on it.
 * Closing it closes the engine connection (it may touch the network: never on the FX thread).
 */
public record EngineSession(
    EngineInfo info, BuilderService builder, String builderLabel, AutoCloseable connection)
    implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EngineSession.class);

  public EngineSession {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(builderLabel, "builderLabel");
    Objects.requireNonNull(connection, "connection");
  }

  /** A session whose builder is labelled by its name alone. */
  public EngineSession(EngineInfo info, BuilderService builder, AutoCloseable connection) {
    this(info, builder, builder.name(), connection);
  }

  /**
   * The session over a connected engine, with the builder {@code docker build} would use (Auto),
   * labelled with why: "BuildKit (daemon default)".
   */
  public static EngineSession of(Engine engine) {
    Builders.Selected selected = Builders.forEngine(engine);
    String reason = selected.selection().reason();
    String why = reason.substring(reason.indexOf(':') + 1).trim();
    String label =
        selected.selection().kind().displayName() + (why.isEmpty() ? "" : " (" + why + ")");
    return new EngineSession(engine.info(), selected.service(), label, engine);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (Exception e) {
      LOG.debug("Closing the engine connection failed", e);
    }
  }
}
