package dev.chronos;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Counts the log lines Chronos writes while open. The tests log through slf4j-simple, which writes
 * to whatever {@code System.err} is at the time, so this puts a counting stream in front of it.
 * Counts log records (a line that starts with slf4j-simple's {@code [thread] LEVEL logger}), not
 * the stack trace lines below them. Tests run one at a time, so nothing else writes meanwhile.
 */
public final class LogLines implements AutoCloseable {
  private static final Pattern RECORD =
      Pattern.compile("^\\[[^\\]]*\\] (TRACE|DEBUG|INFO|WARN|ERROR) dev\\.chronos.*");

  private final PrintStream original = System.err;
  private final List<String> records = new CopyOnWriteArrayList<>();
  private final StringBuffer text = new StringBuffer();

  private LogLines() {}

  /** Starts counting. */
  public static LogLines capture() {
    LogLines lines = new LogLines();
    System.setErr(new PrintStream(lines.new Tee(), true, StandardCharsets.UTF_8));
    return lines;
  }

  /** The log records written so far. */
  public List<String> records() {
    return List.copyOf(records);
  }

  /** Everything written so far, stack traces included. */
  public String text() {
    return text.toString();
  }

  /** The lines written so far (stack traces included) that contain {@code part}. */
  public List<String> lines(String part) {
    return text().lines().filter(line -> line.contains(part)).toList();
  }

  /** How many records were written so far. */
  public int count() {
    return records.size();
  }

  @Override
  public void close() {
    System.err.flush();
    System.setErr(original);
  }

  private final class Tee extends java.io.OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      original.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        if (b[i] != '\n') {
          line.write(b[i]);
          continue;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        LogLines.this.text.append(text).append('\n');
        if (RECORD.matcher(text).matches()) {
          records.add(text);
        }
      }
    }

    @Override
    public void flush() {
      original.flush();
    }
  }
}
