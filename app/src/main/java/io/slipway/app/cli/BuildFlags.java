package io.slipway.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * docker build's flags that describe the build itself, with docker's names: mixed into {@code
 * slipway build} and {@code slipway profile save}, so that both take exactly the same flags.
 */
final class BuildFlags {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Name of the Dockerfile (default: PATH/Dockerfile).")
  String file;

  @Option(
      names = {"-t", "--tag"},
      paramLabel = "NAME[:TAG]",
      description = "Name and optionally a tag; repeat for several.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--build-arg",
      paramLabel = "NAME[=VALUE]",
      description = "Set a build-time variable; NAME alone takes the value from the environment.")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage.")
  String target;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set image metadata.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--no-cache", description = "Do not use the cache.")
  boolean noCache;

  @Option(names = "--pull", description = "Always try to pull a newer base image.")
  boolean pull;

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Target platform.")
  String platform;

  @Option(names = "--network", paramLabel = "MODE", description = "Network for RUN steps.")
  String network;

  @Option(
      names = "--add-host",
      paramLabel = "HOST:IP",
      description = "Add a custom host-to-IP mapping.")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--cache-from", paramLabel = "IMAGE", description = "Images to take cache from.")
  List<String> cacheFrom = new ArrayList<>();

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image id to FILE.")
  Path iidFile;

  @Option(
      names = "--compress",
      arity = "0..1",
      fallbackValue = "gzip",
      paramLabel = "ALGO",
      description = "Compress the context: gzip (the default when given alone), bzip2, xz.")
  String compress;
}
