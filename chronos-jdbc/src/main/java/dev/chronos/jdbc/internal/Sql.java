package dev.chronos.jdbc.internal;

import dev.chronos.jdbc.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL of the JDBC store for one dialect and table prefix, read from the statement files shipped
 * next to the migrations ({@code dev/chronos/jdbc/sql/<dialect>/<name>.sql}), one statement per
 * file so that each can be read and EXPLAINed as it runs.
 *
 * <p>A file may hold whole-line {@code --} comments (dropped) and two kinds of placeholder: {@code
 * ${prefix}}, filled with the table prefix, which is checked against a strict pattern; and {@code
 * ${slot}}, filled by the code with one of its own fixed fragments (a condition chosen by what a
 * query asks for). User values are never part of the text: they are always bound as parameters
 * ({@code :name}, or {@code <name>} for a bound list).
 */
public final class Sql {
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");
  private static final Pattern SLOT = Pattern.compile("\\$\\{([a-z_]+)}");

  final Dialect dialect;
  final String prefix;
  final String jobs;
  final String executions;
  final String schedules;
  private final Map<String, String> loaded = new ConcurrentHashMap<>();

  /** Statements for this dialect and prefix. */
  public Sql(Dialect dialect, String prefix) {
    checkPrefix(prefix);
    this.dialect = dialect;
    this.prefix = prefix;
    this.jobs = prefix + "jobs";
    this.executions = prefix + "executions";
    this.schedules = prefix + "schedules";
  }

  /**
   * Checks a table prefix: letters, digits and underscores, starting with a letter or underscore,
   * at most 41 characters (so that the longest table and index names stay within PostgreSQL's 63).
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static void checkPrefix(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "tablePrefix must be letters, digits and underscores (at most 41), was '" + prefix + "'");
    }
  }

  /** The table prefix. */
  public String prefix() {
    return prefix;
  }

  /** The dialect. */
  public Dialect dialect() {
    return dialect;
  }

  /** The LISTEN/NOTIFY channel of this prefix. */
  public String channel() {
    return prefix + "jobs_due";
  }

  /**
   * The statement in {@code <name>.sql} of this dialect, with the prefix filled in.
   *
   * @throws IllegalStateException if the file is missing or has a slot left to fill
   */
  public String load(String name) {
    String text = loaded.computeIfAbsent(name, this::read);
    Matcher slot = SLOT.matcher(text);
    if (slot.find()) {
      throw new IllegalStateException(
          "statement " + name + " has slot ${" + slot.group(1) + "}: load it with its fragments");
    }
    return text;
  }

  /**
   * The statement in {@code <name>.sql} of this dialect with its slots filled. The fragments are
   * the code's own constants, never text from a caller.
   *
   * @param fragments each slot's fragment, in pairs: slot name, fragment
   * @throws IllegalStateException if the file is missing, or a slot has no fragment or is not in it
   */
  public String load(String name, String... fragments) {
    String text = loaded.computeIfAbsent(name, this::read);
    for (int i = 0; i + 1 < fragments.length; i += 2) {
      String slot = "${" + fragments[i] + "}";
      if (!text.contains(slot)) {
        throw new IllegalStateException("statement " + name + " has no slot " + slot);
      }
      text = text.replace(slot, fragments[i + 1]);
    }
    Matcher slot = SLOT.matcher(text);
    if (slot.find()) {
      throw new IllegalStateException(
          "statement " + name + " needs a fragment for ${" + slot.group(1) + "}");
    }
    return text;
  }

  /** The file's statement: comments and blank lines dropped, the prefix filled in. */
  private String read(String name) {
    String path = "/dev/chronos/jdbc/sql/" + dialect.folder() + "/" + name + ".sql";
    String script;
    try (InputStream in = Sql.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("statement " + path + " is missing from the jar");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder out = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(line.stripTrailing());
    }
    return out.toString().replace("${prefix}", prefix);
  }
}
