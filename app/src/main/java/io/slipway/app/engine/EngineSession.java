package io.slipway.app.engine;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildCache;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.build.selection.BuilderSelection;
import io.slipway.core.build.selection.Builders;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineInfo;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connected engine as the window sees it: who answered, the builder to run builds on it, and what
 * else the window asks of it ({@link Link}). Closing it closes the engine connection (it may touch
 * the network: never on the FX thread).
 */
public record EngineSession(
    EngineInfo info,
    BuilderService builder,
    String builderLabel,
    AutoCloseable connection,
    Link link)
    implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EngineSession.class);

  /**
   * What the window asks of a connected engine besides the default builder. Every method blocks:
   * call it on a worker thread.
   */
  public interface Link {
    /** Pings again; throws a {@link SlipwayException} saying why when the engine is gone. */
    EngineInfo ping();

    /** The builder for a profile's toggle, and why it was chosen. */
    Builders.Selected builderFor(BuilderChoice choice);

    /** Prunes the engine's build cache (dangling entries, or all with {@code all}). */
    BuildCache.PruneResult pruneBuildCache(boolean all);

    /** Whether the connection is plain TCP to another machine (no TLS). */
    boolean plainRemoteTcp();

    /** A built image's size in bytes; empty when the engine does not know it (or cannot say). */
    default java.util.OptionalLong imageSize(String imageId) {
      return java.util.OptionalLong.empty();
    }
  }

  public EngineSession {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(builderLabel, "builderLabel");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(link, "link");
  }

  /** A session whose other builders are all {@code builder} and that cannot prune (for tests). */
  public EngineSession(
      EngineInfo info, BuilderService builder, String builderLabel, AutoCloseable connection) {
    this(info, builder, builderLabel, connection, fixed(info, builder));
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
    Link link =
        new Link() {
          @Override
          public EngineInfo ping() {
            return engine.ping();
          }

          @Override
          public Builders.Selected builderFor(BuilderChoice choice) {
            return choice == BuilderChoice.AUTO
                ? selected
                : Builders.create(engine, choice, System.getenv());
          }

          @Override
          public BuildCache.PruneResult pruneBuildCache(boolean all) {
            return new BuildCache(engine)
                .prune(new BuildCache.PruneRequest(all, Map.of(), java.util.Optional.empty()));
          }

          @Override
          public boolean plainRemoteTcp() {
            return engine.endpoint().isPlainRemoteTcp();
          }

          @Override
          public java.util.OptionalLong imageSize(String imageId) {
            Long size = engine.client().inspectImageCmd(imageId).exec().getSize();
            return size == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(size);
          }
        };
    return new EngineSession(
        engine.info(), selected.service(), label(selected.selection()), engine, link);
  }

  /** "BuildKit (daemon default)" for "BuildKit: daemon default". */
  public static String label(BuilderSelection selection) {
    String reason = selection.reason();
    String why = reason.substring(reason.indexOf(':') + 1).trim();
    return selection.kind().displayName() + (why.isEmpty() ? "" : " (" + why + ")");
  }

  private static Link fixed(EngineInfo info, BuilderService builder) {
    return new Link() {
      @Override
      public EngineInfo ping() {
        return info;
      }

      @Override
      public Builders.Selected builderFor(BuilderChoice choice) {
        return new Builders.Selected(builder, BuilderSelection.select(choice, Map.of(), info));
      }

      @Override
      public BuildCache.PruneResult pruneBuildCache(boolean all) {
        throw new SlipwayException("This engine connection cannot prune the build cache.");
      }

      @Override
      public boolean plainRemoteTcp() {
        return false;
      }
    };
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
