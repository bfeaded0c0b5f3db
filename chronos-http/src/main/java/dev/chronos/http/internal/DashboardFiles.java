package dev.chronos.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's static files, read from the classpath folder {@value #FOLDER} of this module's
 * jar: {@code GET /} is its {@code index.html}, {@code GET /ui/{path}} any file below it. Each
 * answer has a content type by extension, a strong {@code ETag} (304 when {@code If-None-Match}
 * matches) and {@code Cache-Control: no-cache}, so a browser revalidates every time and a new jar
 * is seen at the next load.
 *
 * <p>Paths are checked before the classpath is asked: one round of percent-decoding, then any
 * empty, {@code .} or {@code ..} segment, backslash, percent sign (a second encoding), colon or
 * control character is a 404. Only files of that folder can be named. Files found are kept in
 * memory (the jar does not change while it runs); misses are not, so probing does not grow the
 * cache. Thread-safe.
 */
public final class DashboardFiles {
  /** The classpath folder of the dashboard's files. */
  public static final String FOLDER = "dev/chronos/http/dashboard/";

  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html;charset=utf-8"),
          Map.entry("js", "text/javascript;charset=utf-8"),
          Map.entry("mjs", "text/javascript;charset=utf-8"),
          Map.entry("css", "text/css;charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("webp", "image/webp"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("txt", "text/plain;charset=utf-8"));

  private static final int MAX_PATH = 512;

  private record File(byte[] bytes, String type, String etag) {}

  private final ClassLoader loader;
  private final Map<String, File> cache = new ConcurrentHashMap<>();

  /** Files from this module's class loader. */
  public DashboardFiles() {
    this(DashboardFiles.class.getClassLoader());
  }

  DashboardFiles(ClassLoader loader) {
    this.loader = loader;
  }

  /**
   * Whether a request path is the dashboard's to answer ({@code /} or a file below {@code /ui/}).
   */
  public static boolean isFilePath(String path) {
    return path.equals("/") || (path.startsWith("/ui/") && !path.equals(SessionRoutes.PATH));
  }

  /**
   * The answer to {@code GET} of a dashboard path.
   *
   * @param path {@code /} or {@code /ui/...}, as the adapter gave it (possibly still encoded)
   * @param ifNoneMatch the request's {@code If-None-Match}, or null
   */
  public ApiResponse get(String path, String ifNoneMatch) {
    String name = path.equals("/") ? "index.html" : safeName(path.substring("/ui/".length()));
    File file = name == null ? null : load(name);
    if (file == null) {
      throw ApiError.notFound();
    }
    if (ifNoneMatch != null && matches(ifNoneMatch, file.etag())) {
      return ApiResponse.empty(304)
          .withHeader("ETag", file.etag())
          .withHeader("Cache-Control", "no-cache");
    }
    return new ApiResponse(
        200,
        Map.of("Content-Type", file.type(), "ETag", file.etag(), "Cache-Control", "no-cache"),
        file.bytes());
  }

  private File load(String name) {
    File cached = cache.get(name);
    if (cached != null) {
      return cached;
    }
    try (InputStream in = loader.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        return null;
      }
      byte[] bytes = in.readAllBytes();
      // A folder on a file-system classpath reads as its listing; a dashboard file never is one.
      if (name.lastIndexOf('.') <= name.lastIndexOf('/')) {
        return null;
      }
      File file = new File(bytes, type(name), etag(bytes));
      cache.put(name, file);
      return file;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The file name below the folder, or null when the path is not a plain relative file name: the
   * path is percent-decoded once, and a segment that is empty, {@code .} or {@code ..}, or any
   * backslash, {@code %} (a doubly encoded character), colon or control character refuses it.
   */
  static String safeName(String raw) {
    if (raw.isEmpty() || raw.length() > MAX_PATH) {
      return null;
    }
    String decoded = decode(raw);
    if (decoded == null) {
      return null;
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == '%' || c == ':') {
        return null;
      }
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return null;
      }
    }
    return decoded;
  }

  /** Percent-decodes a path once (no {@code +} to space, as in a path); null if malformed. */
  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= raw.length()) {
        return null;
      }
      int hi = Character.digit(raw.charAt(i + 1), 16);
      int lo = Character.digit(raw.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      out.write(hi * 16 + lo);
      i += 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String type(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return Optional.ofNullable(TYPES.get(ext)).orElse("application/octet-stream");
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(sha, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch.strip().equals("*")) {
      return true;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
