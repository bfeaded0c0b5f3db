package dev.chronos;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) for push tests: records
 * every request and answers with responses scripted per path. A response can be held until the test
 * releases it, to play a slow endpoint. The one place push tests connect to.
 */
final class LoopbackEndpoint implements AutoCloseable {

  /** A request as received: the raw body bytes, exactly as sent. */
  record Request(String method, String path, Headers headers, byte[] body) {
    String header(String name) {
      return headers.getFirst(name);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A scripted answer. */
  record Response(int status, Map<String, String> headers, String body, CountDownLatch hold) {
    static Response of(int status, String body) {
      return new Response(status, Map.of(), body, null);
    }

    static Response of(int status, String body, Map<String, String> headers) {
      return new Response(status, headers, body, null);
    }

    /** Answers 200 only once {@code hold} is released (or the endpoint closes). */
    static Response heldBy(CountDownLatch hold) {
      return new Response(200, Map.of(), "late", hold);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Response>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Response> repeated = new ConcurrentHashMap<>();
  private final List<CountDownLatch> holds = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  private LoopbackEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static LoopbackEndpoint start() {
    try {
      return new LoopbackEndpoint();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of a path on this server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Answers the next requests to a path with these responses, in order, then with 200. */
  void script(String path, Response... responses) {
    scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(responses));
  }

  /** Answers every request to a path with this response. */
  void always(String path, Response response) {
    repeated.put(path, response);
  }

  List<Request> requests(String path) {
    List<Request> matching = new ArrayList<>();
    for (Request r : requests) {
      if (r.path().equals(path)) {
        matching.add(r);
      }
    }
    return matching;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  int inFlight() {
    return inFlight.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  private Response next(String path) {
    Deque<Response> script = scripts.get(path);
    if (script != null) {
      synchronized (script) {
        Response r = script.poll();
        if (r != null) {
          return r;
        }
      }
    }
    return repeated.getOrDefault(path, Response.of(200, ""));
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    boolean counted = true;
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      requests.add(
          new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body));
      Response response = next(path);
      if (response.hold() != null) {
        holds.add(response.hold());
        try {
          response.hold().await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      // No longer in flight before the client can see the answer (and send the next request).
      inFlight.decrementAndGet();
      counted = false;
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
    } catch (IOException e) {
      // the client gave up (timeout, cancellation): nothing to answer
    } finally {
      if (counted) {
        inFlight.decrementAndGet();
      }
      exchange.close();
    }
  }

  @Override
  public void close() {
    holds.forEach(CountDownLatch::countDown);
    server.stop(0);
    executor.shutdownNow();
  }
}
