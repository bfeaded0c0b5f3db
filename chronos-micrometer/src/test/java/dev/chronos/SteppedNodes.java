package dev.chronos;

import dev.chronos.internal.ChronosEngine;

/**
 * Builds nodes that run nothing by themselves: {@link ChronosEngine#runDue()} runs what is due on
 * the calling thread, and listeners hear events on that thread. It lives in {@code dev.chronos} to
 * reach the builder's test hook, as the engine's own scenario tests do.
 */
public final class SteppedNodes {
  private SteppedNodes() {}

  /**
   * The node of this builder, with handlers run inline.
   *
   * @param builder a configured builder
   * @return the node, not started
   */
  public static ChronosEngine inline(ChronosBuilder builder) {
    return builder.inlineHandlers().buildEngine();
  }
}
