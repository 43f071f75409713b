package io.modeldeploy.cli;

import io.modeldeploy.catalog.CatalogException;
import io.modeldeploy.catalog.PriceCatalog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * mdctl: offline tools for ModelDeployment manifests (no cluster, no network), and the rollout
 * command that sets the annotation a rollout's promotion or abort is asked by (see RolloutCommand).
 * Exit codes: 0 all valid, 1 some manifest invalid (all are still reported), 2 usage error.
 */
public final class Mdctl {

  static final String USAGE = """
      usage: mdctl cost [-o table|json] [--at RFC3339] [--time-zone ZONE] [--catalog FILE] [--grants FILE|DIR]... FILE|DIR...

      Prices ModelDeployment manifests (multi-document YAML files, or directories of *.yaml/*.yml)
      with the operator's own validation and cost engine.
        -o, --output      table (default) or json
        --at              order time for subscription timelines, e.g. 2026-11-27T22:30:00+08:00 (default: now)
        --time-zone       billing time zone (default: Asia/Shanghai)
        --catalog         price catalog file replacing the built-in one
        --grants          ModelGrants (the namespaces' deployment privileges): a manifest they do not
                          allow is refused as the cluster would refuse it (NoDeploymentPrivilege)
      Exit status: 0 all valid, 1 some manifest invalid, 2 usage error.

             mdctl rollout promote|abort|status NAME [-n NAMESPACE]   (see mdctl rollout --help)""";

  private Mdctl() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && args[0].equals("rollout")) return RolloutCommand.run(args, out, err);
    if (args.length == 0 || !args[0].equals("cost")) {
      boolean help = args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"));
      (help ? out : err).println(help ? USAGE : "mdctl: expected a command: cost or rollout\n" + USAGE);
      return help ? 0 : 2;
    }
    String output = "table";
    ZoneId zone = ZoneId.of("Asia/Shanghai");
    String at = null;
    Path catalogFile = null;
    List<Path> paths = new ArrayList<>();
    List<Path> grantPaths = new ArrayList<>();
    try {
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "-h", "--help" -> { out.println(USAGE); return 0; }
          case "-o", "--output" -> output = value(args, ++i, arg);
          case "--at" -> at = value(args, ++i, arg);
          case "--time-zone" -> zone = ZoneId.of(value(args, ++i, arg));
          case "--catalog" -> catalogFile = Path.of(value(args, ++i, arg));
          case "--grants" -> grantPaths.add(Path.of(value(args, ++i, arg)));
          default -> {
            if (arg.startsWith("-")) throw new UsageException("unknown option " + arg);
            paths.add(Path.of(arg));
          }
        }
      }
      if (!output.equals("table") && !output.equals("json"))
        throw new UsageException("-o takes table or json, not '" + output + "'");
      if (paths.isEmpty()) throw new UsageException("no FILE or DIR given");
      for (Path path : paths) if (!Files.exists(path)) throw new UsageException("no such file or directory: " + path);
      for (Path path : grantPaths) if (!Files.exists(path)) throw new UsageException("no such file or directory: " + path);
      java.util.Optional<java.util.Map<String, io.modeldeploy.api.ModelGrant>> grants = java.util.Optional.empty();
      if (!grantPaths.isEmpty()) {
        java.util.Map<String, io.modeldeploy.api.ModelGrant> all = new java.util.HashMap<>();
        for (Path path : grantPaths) for (Path file : ManifestReader.expand(path)) all.putAll(ManifestReader.grants(file));
        grants = java.util.Optional.of(all);
      }
      ZonedDateTime orderedAt = at == null ? ZonedDateTime.now(zone) : OffsetDateTime.parse(at).atZoneSameInstant(zone);
      PriceCatalog catalog = catalogFile == null ? PriceCatalog.builtIn() : PriceCatalog.load(catalogFile);

      List<CostReport.Line> lines = new ArrayList<>();
      for (Path path : paths)
        for (Path file : ManifestReader.expand(path))
          for (Manifest manifest : ManifestReader.read(file))
            lines.add(CostReport.price(manifest, catalog, orderedAt, zone, grants));
      if (output.equals("json")) CostReport.printJson(lines, out);
      else CostReport.printTable(lines, out);
      return lines.stream().allMatch(l -> l.errors().isEmpty()) ? 0 : 1;
    } catch (UsageException | DateTimeException | CatalogException | IllegalArgumentException e) {
      err.println("mdctl: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (Exception e) {
      err.println("mdctl: " + e);
      return 2;
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) throw new UsageException(option + " needs a value");
    return args[i];
  }

  private static final class UsageException extends RuntimeException {
    UsageException(String message) { super(message); }
  }
}
