package io.slipway.app.cli;

import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineInfo;
import io.slipway.core.engine.EngineLocator;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code slipway engine}: which engine the builds go to, and what it can do. */
@Command(
    name = "engine",
    description = "Show the Docker engine Slipway talks to.",
    mixinStandardHelpOptions = true)
final class EngineCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Engine engine = Engine.connect(EngineLocator.fromSystem())) {
      EngineInfo info = engine.info();
      out.println("Endpoint:        " + info.endpoint() + " (" + engine.endpoint().source() + ")");
      out.println("Server version:  " + info.serverVersion());
      out.println(
          "API version:     "
              + info.apiVersion()
              + " (engine max "
              + info.maxApiVersion()
              + info.minApiVersion().map(m -> ", min " + m).orElse("")
              + ")");
      out.println("OS:              " + info.osType());
      out.println("Experimental:    " + info.experimental());
      out.println(
          "Default builder: "
              + (info.buildKitDefault() ? "BuildKit" : "classic")
              + info.builderVersion().map(v -> " (Builder-Version " + v + ")").orElse(""));
    }
    return 0;
  }
}
