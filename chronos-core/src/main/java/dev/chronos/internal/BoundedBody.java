package dev.chronos.internal;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads the first {@code limit} bytes of a push endpoint's response and stops: the connection is
 * given up (cancelled) rather than drained, so an endpoint that answers with gigabytes costs a few
 * KB. Not thread-safe; the HTTP client calls one instance serially.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<BoundedBody.Captured> {

  /**
   * The bytes read.
   *
   * @param bytes at most the limit's worth of the body
   * @param truncated whether the body went on past them
   */
  record Captured(byte[] bytes, boolean truncated) {}

  private final int limit;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final CompletableFuture<Captured> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int limit) {
    this.limit = limit;
  }

  /** A body handler that keeps the first {@code limit} bytes of every response. */
  static HttpResponse.BodyHandler<Captured> handler(int limit) {
    return info -> new BoundedBody(limit);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : items) {
      int room = limit + 1 - out.size(); // one byte past the limit tells that there is more
      int n = Math.min(room, buffer.remaining());
      byte[] chunk = new byte[n];
      buffer.get(chunk);
      out.write(chunk, 0, n);
      if (out.size() > limit) {
        result.complete(new Captured(Arrays.copyOf(out.toByteArray(), limit), true));
        subscription.cancel();
        return;
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(new Captured(out.toByteArray(), false));
  }

  @Override
  public CompletionStage<Captured> getBody() {
    return result;
  }
}
