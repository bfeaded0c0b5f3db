package dev.chronos.http;

import dev.chronos.http.internal.ApiRequest;
import dev.chronos.http.internal.ApiResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * The API as a jakarta Servlet (6.0 or later), so a servlet application (Spring Boot, say) serves
 * it on its own port below a path of its choice: map it to {@code /chronos/*} and the API answers
 * at {@code /chronos/v1/jobs} and {@code /chronos/health}. The same bytes as {@link
 * ChronosJettyHandler}. Thread-safe.
 */
public final class ChronosServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Not serialized: a container that serializes servlets gets a fresh one from its factory. */
  private final transient ChronosApi api;

  /**
   * A servlet serving an API.
   *
   * @param api the API
   */
  public ChronosServlet(ChronosApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ApiResponse answer = api.handle(new ServletRequest(request));
    response.setStatus(answer.status());
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      response.setHeader(h.getKey(), h.getValue());
    }
    response.setContentLength(answer.body().length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(answer.body());
    }
  }

  private record ServletRequest(HttpServletRequest request) implements ApiRequest {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String path() {
      // Below the servlet's mapping, still encoded as the client sent it.
      String uri = request.getRequestURI();
      String prefix = request.getContextPath() + request.getServletPath();
      return uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
    }

    @Override
    public String rawQuery() {
      return request.getQueryString();
    }

    @Override
    public String header(String name) {
      return request.getHeader(name);
    }

    @Override
    public long contentLength() {
      return request.getContentLengthLong();
    }

    @Override
    public InputStream body() throws IOException {
      return request.getInputStream();
    }

    @Override
    public String remoteAddress() {
      return request.getRemoteAddr();
    }

    @Override
    public boolean secure() {
      return request.isSecure();
    }

    @Override
    public String mountPath() {
      String mount = request.getContextPath() + request.getServletPath();
      return mount.endsWith("/") ? mount.substring(0, mount.length() - 1) : mount;
    }
  }
}
