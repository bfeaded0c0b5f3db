package dev.chronos.http;

/** The API suite against the Jetty 12 core handler. */
class JettyAdapterTest extends ApiContractTest {
  @Override
  ApiFixture.Adapter adapter() {
    return ApiFixture.Adapter.JETTY;
  }
}
