package dev.chronos.http;

import dev.chronos.http.internal.ApiRequest;
import dev.chronos.http.internal.ApiResponse;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The API as a Jetty 12 core handler (no servlet layer): set it as the server's handler, or inside
 * a {@code ContextHandler} to serve it below a path. Requests are answered on Jetty's thread (a
 * worker long-poll holds it up to 20 s), so give the server a bounded pool larger than {@link
 * ChronosApi.Builder#maxWaitingClaims}. Thread-safe.
 */
public final class ChronosJettyHandler extends Handler.Abstract {
  private final ChronosApi api;

  /**
   * A handler serving an API.
   *
   * @param api the API
   */
  public ChronosJettyHandler(ChronosApi api) {
    super(InvocationType.BLOCKING);
    this.api = Objects.requireNonNull(api, "api");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    ApiResponse answer = api.handle(new JettyRequest(request));
    response.setStatus(answer.status());
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      response.getHeaders().put(h.getKey(), h.getValue());
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
    return true;
  }

  private record JettyRequest(Request request) implements ApiRequest {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String path() {
      return Request.getPathInContext(request);
    }

    @Override
    public String rawQuery() {
      return request.getHttpURI().getQuery();
    }

    @Override
    public String header(String name) {
      return request.getHeaders().get(name);
    }

    @Override
    public long contentLength() {
      return request.getLength();
    }

    @Override
    public InputStream body() {
      return Content.Source.asInputStream(request);
    }

    @Override
    public String remoteAddress() {
      return Request.getRemoteAddr(request);
    }

    @Override
    public boolean secure() {
      return request.isSecure();
    }

    @Override
    public String mountPath() {
      String context = Request.getContextPath(request);
      return context == null || context.equals("/") ? "" : context;
    }
  }
}
