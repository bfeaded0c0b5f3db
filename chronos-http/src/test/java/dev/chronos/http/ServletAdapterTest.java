package dev.chronos.http;

/** The API suite against the jakarta Servlet, mounted at {@code /api/*}. */
class ServletAdapterTest extends ApiContractTest {
  @Override
  ApiFixture.Adapter adapter() {
    return ApiFixture.Adapter.SERVLET;
  }
}
