package dev.chronos.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The address policy as a pure function: URLs and addresses in, verdicts out. Nothing here resolves
 * a name or opens a connection.
 */
class PushAddressPolicyTest {
  /** Plain http allowed, so that these rows test the host, not the scheme. */
  private static final PushAddressPolicy HOSTS_ONLY = PushAddressPolicy.secure().allowingHttp();

  static Stream<Arguments> internal_urls() {
    return Stream.of(
        // IPv4 written in forms parsers disagree on
        Arguments.of("http://2130706433", "non-standard form"),
        Arguments.of("http://2130706433/hook", "non-standard form"),
        Arguments.of("http://0x7f000001", "non-standard form"),
        Arguments.of("http://0x7F000001/", "non-standard form"),
        Arguments.of("http://017700000001", "non-standard form"),
        Arguments.of("http://0177.0.0.1", "non-standard form"),
        Arguments.of("http://0x7f.0.0.1", "non-standard form"),
        Arguments.of("http://127.000.000.001", "non-standard form"),
        Arguments.of("http://256.1.1.1", "non-standard form"),
        Arguments.of("http://1.2.3", "non-standard form"),
        Arguments.of("http://127.1", "non-standard form"),
        Arguments.of("http://a_b.example.com/", "valid host"),
        // loopback and unspecified
        Arguments.of("http://127.0.0.1", "loopback"),
        Arguments.of("http://127.0.0.1:8080/hooks", "loopback"),
        Arguments.of("http://127.255.255.254", "loopback"),
        Arguments.of("http://localhost:8080", "loopback"),
        Arguments.of("http://LOCALHOST", "loopback"),
        Arguments.of("http://localhost.", "loopback"),
        Arguments.of("http://api.localhost/x", "loopback"),
        Arguments.of("http://[::1]/", "loopback"),
        Arguments.of("http://[0:0:0:0:0:0:0:1]:9000/", "loopback"),
        Arguments.of("http://0.0.0.0", "unspecified"),
        Arguments.of("http://0.1.2.3", "unspecified"),
        Arguments.of("http://[::]", "unspecified"),
        // private, shared and link-local ranges
        Arguments.of("http://10.0.0.1", "private"),
        Arguments.of("http://10.255.255.255", "private"),
        Arguments.of("http://172.16.0.1", "private"),
        Arguments.of("http://172.31.255.255", "private"),
        Arguments.of("http://192.168.1.10", "private"),
        Arguments.of("http://100.64.0.1", "carrier-grade NAT"),
        Arguments.of("http://100.127.255.255", "carrier-grade NAT"),
        Arguments.of("http://169.254.1.1", "link-local"),
        Arguments.of("http://[fe80::1]", "link-local"),
        Arguments.of("http://[FE80::abcd:1]", "link-local"),
        Arguments.of("http://[febf::1]", "link-local"),
        Arguments.of("http://[fe80::1%25eth0]/", "zone id"),
        Arguments.of("http://[fc00::1]", "unique local"),
        Arguments.of("http://[fd12:3456:789a::1]", "unique local"),
        Arguments.of("http://[fec0::1]", "site-local"),
        // cloud metadata services
        Arguments.of("http://169.254.169.254/", "cloud metadata"),
        Arguments.of("http://169.254.169.254/latest/meta-data/iam", "cloud metadata"),
        Arguments.of("http://[fd00:ec2::254]/latest", "cloud metadata"),
        Arguments.of("http://168.63.129.16/", "cloud metadata"),
        Arguments.of("http://metadata.google.internal/computeMetadata/v1/", "not a public host"),
        Arguments.of("http://metadata/", "not a public host"),
        Arguments.of("http://printer.local/", "not a public host"),
        // multicast, broadcast, reserved, documentation
        Arguments.of("http://224.0.0.1", "multicast"),
        Arguments.of("http://239.255.255.250", "multicast"),
        Arguments.of("http://[ff02::1]", "multicast"),
        Arguments.of("http://255.255.255.255", "reserved"),
        Arguments.of("http://240.0.0.1", "reserved"),
        Arguments.of("http://192.0.2.1", "documentation"),
        Arguments.of("http://198.18.0.1", "benchmarking"),
        Arguments.of("http://[2001:db8::1]", "documentation"),
        // IPv6 forms that embed an IPv4 address
        Arguments.of("http://[::ffff:127.0.0.1]", "IPv4-mapped"),
        Arguments.of("http://[::ffff:7f00:1]", "IPv4-mapped"),
        Arguments.of("http://[::ffff:169.254.169.254]", "IPv4-mapped"),
        Arguments.of("http://[::ffff:8.8.8.8]", "IPv4-mapped"),
        Arguments.of("http://[0:0:0:0:0:ffff:10.0.0.1]", "IPv4-mapped"),
        Arguments.of("http://[::ffff:0:10.0.0.1]", "IPv4-translated"),
        Arguments.of("http://[::127.0.0.1]", "IPv4-compatible"),
        Arguments.of("http://[::7f00:1]", "IPv4-compatible"),
        Arguments.of("http://[64:ff9b::127.0.0.1]", "NAT64"),
        Arguments.of("http://[64:ff9b::a9fe:a9fe]", "NAT64"),
        Arguments.of("http://[64:ff9b:1::a00:1]", "NAT64"),
        Arguments.of("http://[2002:7f00:1::]", "6to4"),
        Arguments.of("http://[2002:a9fe:a9fe::1]", "6to4"),
        Arguments.of("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]", "Teredo"),
        // malformed IPv6
        Arguments.of("http://[1::2::3]", "not a valid URL"),
        Arguments.of("http://[::ffff:127.1]", "not a valid URL"),
        Arguments.of("http://[12345::1]", "not a valid URL"),
        // user info
        Arguments.of("http://user@example.com/", "user info"),
        Arguments.of("http://user:secret@example.com/", "user info"),
        Arguments.of("http://example.com@127.0.0.1/", "user info"),
        // not http
        Arguments.of("ftp://example.com/x", "absolute https URL"),
        Arguments.of("file:///etc/passwd", "absolute https URL"),
        Arguments.of("/relative/hook", "absolute https URL"));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @MethodSource("internal_urls")
  void refuses_every_form_of_internal_address(String url, String reason) {
    assertThat(HOSTS_ONLY.checkUrl(url)).hasValueSatisfying(p -> assertThat(p).contains(reason));
    assertThat(PushAddressPolicy.secure().checkUrl(url)).isPresent();
    String https = url.replaceFirst("^http:", "https:");
    assertThat(PushAddressPolicy.secure().checkUrl(https)).isPresent();
  }

  @ParameterizedTest(name = "{0} is accepted")
  @ValueSource(
      strings = {
        "https://example.com/hooks/chronos",
        "https://hooks.example.com:8443/a/b?c=d#e",
        "https://EXAMPLE.com./x",
        "https://8.8.8.8/",
        "https://1.1.1.1:443/hook",
        "https://[2606:4700:4700::1111]/hook",
        "https://100.63.255.255/",
        "https://100.128.0.0/",
        "https://172.15.255.255/",
        "https://172.32.0.1/",
        "https://169.253.255.255/",
        "https://192.169.0.1/",
        "https://11.0.0.1/",
        "https://1234.example.com/",
        "https://0x7f000001.example.com/"
      })
  void accepts_public_https_urls(String url) {
    assertThat(PushAddressPolicy.secure().checkUrl(url)).isEmpty();
  }

  @Test
  void plain_http_needs_allow_http() {
    assertThat(PushAddressPolicy.secure().checkUrl("http://example.com/hook"))
        .hasValueSatisfying(p -> assertThat(p).contains("must use https").contains("allowHttp()"));
    assertThat(PushAddressPolicy.secure().allowingHttp().checkUrl("http://example.com/hook"))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0} is accepted with allowPrivateNetworks")
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/hooks",
        "http://localhost:8080/",
        "http://[::1]:9000/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.0.0.5/",
        "http://169.254.169.254/",
        "http://jenkins/hook",
        "http://printer.local/"
      })
  void allow_private_networks_opts_out_of_the_address_ranges(String url) {
    PushAddressPolicy open = PushAddressPolicy.secure().allowingHttp().allowingPrivateNetworks();
    assertThat(open.checkUrl(url)).isEmpty();
  }

  @ParameterizedTest(name = "{0} stays refused with allowPrivateNetworks")
  @ValueSource(
      strings = {
        "http://2130706433/",
        "http://0x7f000001/",
        "http://017700000001/",
        "http://0177.0.0.1/",
        "http://127.1/",
        "http://[fe80::1%25eth0]/",
        "http://user@127.0.0.1/"
      })
  void ambiguous_forms_and_user_info_are_refused_whatever_the_settings(String url) {
    PushAddressPolicy open = PushAddressPolicy.secure().allowingHttp().allowingPrivateNetworks();
    assertThat(open.checkUrl(url)).isPresent();
  }

  static Stream<Arguments> resolved_addresses() {
    return Stream.of(
        Arguments.of(new int[] {127, 0, 0, 1}, "loopback"),
        Arguments.of(new int[] {10, 9, 8, 7}, "private"),
        Arguments.of(new int[] {172, 20, 0, 1}, "private"),
        Arguments.of(new int[] {192, 168, 0, 1}, "private"),
        Arguments.of(new int[] {169, 254, 169, 254}, "cloud metadata"),
        Arguments.of(new int[] {169, 254, 0, 1}, "link-local"),
        Arguments.of(new int[] {100, 100, 100, 200}, "carrier-grade NAT"),
        Arguments.of(new int[] {0, 0, 0, 0}, "unspecified"),
        Arguments.of(new int[] {224, 0, 0, 251}, "multicast"),
        Arguments.of(v6(0, 0, 0, 0, 0, 0, 0, 1), "loopback"),
        Arguments.of(v6(0xfe80, 0, 0, 0, 0, 0, 0, 1), "link-local"),
        Arguments.of(v6(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254), "cloud metadata"),
        Arguments.of(v6(0xfc00, 0, 0, 0, 0, 0, 0, 1), "unique local"),
        Arguments.of(v6(0x64, 0xff9b, 0, 0, 0, 0, 0x7f00, 1), "NAT64"),
        Arguments.of(v6(0x2002, 0x0a00, 1, 0, 0, 0, 0, 1), "6to4"),
        Arguments.of(v6(0, 0, 0, 0, 0, 0, 0x0a00, 1), "IPv4-compatible"),
        Arguments.of(v6(0xff02, 0, 0, 0, 0, 0, 0, 1), "multicast"),
        // Java turns ::ffff:a.b.c.d into an IPv4 address, which is then checked as such.
        Arguments.of(v6(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1), "loopback"));
  }

  @ParameterizedTest(name = "resolved address {1}")
  @MethodSource("resolved_addresses")
  void refuses_internal_resolved_addresses(int[] bytes, String reason) throws UnknownHostException {
    InetAddress address = address(bytes);
    assertThat(PushAddressPolicy.secure().checkAddress(address))
        .hasValueSatisfying(p -> assertThat(p).contains(reason));
    assertThat(PushAddressPolicy.internalRange(address)).isPresent();
    assertThat(PushAddressPolicy.secure().allowingPrivateNetworks().checkAddress(address))
        .isEmpty();
  }

  @Test
  void a_host_is_refused_if_any_of_its_addresses_is_internal() throws UnknownHostException {
    InetAddress publicAddress = address(new int[] {93, 184, 216, 34});
    InetAddress metadata = address(new int[] {169, 254, 169, 254});
    PushAddressPolicy policy = PushAddressPolicy.secure();

    assertThat(policy.checkAddresses("hooks.example.com", List.of(publicAddress))).isEmpty();
    assertThat(policy.checkAddresses("hooks.example.com", List.of(publicAddress, metadata)))
        .hasValueSatisfying(
            p -> assertThat(p).contains("hooks.example.com").contains("169.254.169.254"));
    assertThat(policy.checkAddresses("hooks.example.com", List.of())).isPresent();
    assertThat(PushAddressPolicy.internalRange(publicAddress)).isEmpty();
    assertThat(PushAddressPolicy.internalRange(address(v6(0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111))))
        .isEmpty();
  }

  private static int[] v6(int... groups) {
    int[] bytes = new int[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = groups[i] >> 8;
      bytes[2 * i + 1] = groups[i] & 0xff;
    }
    return bytes;
  }

  /** An address from its bytes: no lookup. */
  private static InetAddress address(int[] bytes) throws UnknownHostException {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return InetAddress.getByAddress(b);
  }
}
