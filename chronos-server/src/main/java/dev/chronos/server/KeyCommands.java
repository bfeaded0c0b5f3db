package dev.chronos.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.chronos.http.ApiKey;
import dev.chronos.http.ApiKeys;
import dev.chronos.http.JdbcApiKeyStore;
import dev.chronos.http.NewApiKey;
import dev.chronos.server.internal.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code keys create|list|revoke}: manage API keys in the server's database (the same settings as
 * the server: {@code --data} or {@code --jdbc-url}). On PostgreSQL they may run beside running
 * servers, which see a new or revoked key at their next request; an H2 folder is open in one
 * process at a time, so with H2 use the admin endpoint of a running server instead.
 */
final class KeyCommands {
  private KeyCommands() {}

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("keys needs a command: create, list or revoke");
    }
    String command = args.get(0);
    List<String> rest = new ArrayList<>(args.subList(1, args.size()));
    String account = null;
    String name = null;
    boolean readOnly = false;
    boolean admin = false;
    int rateLimit = 0;
    String id = null;
    List<String> options = new ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      switch (a) {
        case "--account" -> account = value(rest, ++i, a);
        case "--name" -> name = value(rest, ++i, a);
        case "--read-only" -> readOnly = true;
        case "--admin" -> admin = true;
        case "--rate-limit" -> rateLimit = Integer.parseInt(value(rest, ++i, a));
        default -> {
          if (a.startsWith("--")) {
            options.add(a);
            if (!a.contains("=") && i + 1 < rest.size()) {
              options.add(rest.get(++i));
            }
          } else if (id == null) {
            id = a;
          } else {
            throw new IllegalArgumentException("Unexpected argument '" + a + "'");
          }
        }
      }
    }
    ServerSettings settings = ServerSettings.parse(options, env);
    try (HikariDataSource pool = Database.open(settings, 2)) {
      ApiKeys keys =
          new ApiKeys(new JdbcApiKeyStore(pool, settings.tablePrefix()), Clock.systemUTC());
      switch (command) {
        case "create" -> {
          if (account == null || name == null) {
            throw new IllegalArgumentException("keys create needs --account and --name");
          }
          NewApiKey k = keys.create(account, name, readOnly, admin, rateLimit);
          out.println("Created key " + k.key().id() + " of account '" + account + "'.");
          out.println("Its secret is shown only now; keep it:");
          out.println("  " + k.secret());
          return 0;
        }
        case "list" -> {
          List<ApiKey> all = keys.list();
          if (all.isEmpty()) {
            out.println("No keys.");
          }
          all.forEach(k -> out.println(ChronosServer.describe(k)));
          return 0;
        }
        case "revoke" -> {
          if (id == null) {
            throw new IllegalArgumentException("keys revoke needs the key's id (see keys list)");
          }
          if (keys.revoke(ChronosServer.uuid(id))) {
            out.println("Revoked key " + id + ".");
            return 0;
          }
          err.println("No active key " + id + ".");
          return 1;
        }
        default -> throw new IllegalArgumentException("Unknown keys command '" + command + "'");
      }
    }
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
