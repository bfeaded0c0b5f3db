package example.intruder;

import dev.chronos.internal.ChronosEngine;

public final class Intruder {
  ChronosEngine engine;
}
