package dev.chronos.push;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where push delivery may send jobs. Secure by default ({@link #secure()}): only {@code https}, and
 * only to public internet addresses, so that a job's URL cannot make Chronos call services that are
 * reachable only from inside your network (loopback, private and link-local ranges, the cloud
 * metadata service, ...). {@link #allowingHttp()} and {@link #allowingPrivateNetworks()} opt out,
 * for development and tests. Immutable and thread-safe.
 *
 * <p>Checks happen twice. {@link #checkUrl} looks at the URL alone, without DNS: Chronos runs it
 * when a job is submitted, so a job aimed at a literal internal address is refused at once (field
 * {@code delivery.http.url}). {@link #checkAddress} looks at one resolved address: when a push job
 * is sent, its host is resolved and every address it resolves to must pass, or the attempt fails
 * without a retry.
 *
 * <p>Refused hosts (unless private networks are allowed): the IPv4 ranges {@code 0/8, 10/8,
 * 100.64/10} (carrier-grade NAT), {@code 127/8, 169.254/16} (link-local, including the metadata
 * service {@code 169.254.169.254}), {@code 172.16/12, 192.0.0/24, 192.0.2/24, 192.88.99/24,
 * 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4} (multicast) and {@code 240/4}; the
 * IPv6 addresses {@code ::} and {@code ::1}, and the ranges {@code fc00::/7} (unique local,
 * including the metadata service {@code fd00:ec2::254}), {@code fe80::/10, fec0::/10, ff00::/8},
 * {@code 100::/64} and {@code 2001:db8::/32}; every IPv6 form that embeds an IPv4 address
 * (IPv4-mapped {@code ::ffff:0:0/96}, IPv4-compatible {@code ::/96}, IPv4-translated, 6to4 {@code
 * 2002::/16}, Teredo {@code 2001::/32}, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}); the
 * names {@code localhost}, {@code *.localhost}, {@code *.local}, {@code *.internal} and
 * single-label names such as {@code http://metadata/}.
 *
 * <p>Always refused, whatever the settings: user info in the URL ({@code https://user@host/}), IPv6
 * zone ids, and IPv4 addresses written in anything but four decimal numbers ({@code
 * http://2130706433}, {@code http://0x7f000001}, {@code http://017700000001}, {@code http://127.1},
 * {@code http://0177.0.0.1}): programs disagree on what those mean (Java reads {@code 0177.0.0.1}
 * as {@code 177.0.0.1}, the C library as {@code 127.0.0.1}), which is what makes them useful for
 * slipping past checks.
 */
public final class PushAddressPolicy {
  private static final PushAddressPolicy SECURE = new PushAddressPolicy(false, false);

  private final boolean allowHttp;
  private final boolean allowPrivateNetworks;

  private PushAddressPolicy(boolean allowHttp, boolean allowPrivateNetworks) {
    this.allowHttp = allowHttp;
    this.allowPrivateNetworks = allowPrivateNetworks;
  }

  /**
   * The default policy: {@code https} only, public addresses only.
   *
   * @return the secure policy
   */
  public static PushAddressPolicy secure() {
    return SECURE;
  }

  /**
   * This policy, also accepting plain {@code http} URLs.
   *
   * @return a new policy
   */
  public PushAddressPolicy allowingHttp() {
    return new PushAddressPolicy(true, allowPrivateNetworks);
  }

  /**
   * This policy, also accepting loopback, private, link-local and other internal addresses.
   *
   * @return a new policy
   */
  public PushAddressPolicy allowingPrivateNetworks() {
    return new PushAddressPolicy(allowHttp, true);
  }

  /**
   * Whether plain {@code http} URLs are accepted.
   *
   * @return true if they are
   */
  public boolean allowsHttp() {
    return allowHttp;
  }

  /**
   * Whether internal addresses are accepted.
   *
   * @return true if they are
   */
  public boolean allowsPrivateNetworks() {
    return allowPrivateNetworks;
  }

  /**
   * Checks a push URL without resolving its host: scheme, user info, the form of an IP address
   * literal and, unless private networks are allowed, whether a literal address or a well-known
   * local name points inside the network.
   *
   * @param url the URL
   * @return why the URL is refused, or empty if it may be used
   */
  public Optional<String> checkUrl(String url) {
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
      return Optional.of("must be an absolute https URL");
    }
    if (scheme.equals("http") && !allowHttp) {
      return Optional.of("must use https (plain http is allowed only with allowHttp())");
    }
    String authority = uri.getRawAuthority();
    if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
      return Optional.of("must not contain user info");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      // java.net.URI leaves the host empty for names it cannot parse, such as "127.1".
      String raw = authority == null ? "" : authority.replaceFirst(":[0-9]*$", "");
      if (!raw.isEmpty() && IpAddresses.looksNumeric(raw.toLowerCase(Locale.ROOT))) {
        return Optional.of(nonStandard(raw));
      }
      return Optional.of("must name a valid host (was '" + authority + "')");
    }
    return checkHost(host);
  }

  /**
   * Checks a URL's host as {@link #checkUrl} does: a bracketed IPv6 literal, an IPv4 literal or a
   * name.
   *
   * @param host the host as it appears in the URL
   * @return why the host is refused, or empty
   */
  Optional<String> checkHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      if (!h.endsWith("]")) {
        return Optional.of("has an invalid IPv6 address " + host);
      }
      String literal = h.substring(1, h.length() - 1);
      if (literal.contains("%")) {
        return Optional.of("must not use an IPv6 zone id (" + host + ")");
      }
      byte[] bytes = IpAddresses.parseIpv6(literal);
      if (bytes == null) {
        return Optional.of("has an invalid IPv6 address " + host);
      }
      return allowPrivateNetworks
          ? Optional.empty()
          : refusal(host, IpAddresses.internalRange(bytes));
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (IpAddresses.looksNumeric(h)) {
      byte[] bytes = IpAddresses.parseDottedQuad(h);
      if (bytes == null) {
        return Optional.of(nonStandard(host));
      }
      return allowPrivateNetworks
          ? Optional.empty()
          : refusal(host, IpAddresses.internalRange(bytes));
    }
    if (allowPrivateNetworks) {
      return Optional.empty();
    }
    if (h.equals("localhost") || h.endsWith(".localhost")) {
      return Optional.of(refusalText(host, "loopback"));
    }
    if (h.endsWith(".local") || h.endsWith(".internal") || !h.contains(".")) {
      return Optional.of(
          "names host "
              + host
              + ", which is not a public host name; push delivery sends only to public addresses"
              + " (allowPrivateNetworks() permits others)");
    }
    return Optional.empty();
  }

  /**
   * Checks one address a push URL's host resolved to.
   *
   * @param address the resolved address
   * @return why sending to it is refused, or empty if it is public or private networks are allowed
   */
  public Optional<String> checkAddress(InetAddress address) {
    Objects.requireNonNull(address, "address");
    if (allowPrivateNetworks) {
      return Optional.empty();
    }
    return refusal(address.getHostAddress(), internalRange(address));
  }

  /**
   * Checks every address a host resolved to: all must pass, so a name that resolves to one public
   * and one internal address is refused.
   *
   * @param host the host name, for the message
   * @param addresses what it resolved to
   * @return why sending to the host is refused, or empty
   */
  public Optional<String> checkAddresses(String host, List<InetAddress> addresses) {
    Objects.requireNonNull(host, "host");
    if (addresses.isEmpty()) {
      return Optional.of("host " + host + " resolved to no address");
    }
    for (InetAddress address : addresses) {
      Optional<String> problem = checkAddress(address);
      if (problem.isPresent()) {
        return Optional.of("host " + host + " " + problem.get());
      }
    }
    return Optional.empty();
  }

  /**
   * Names the internal range an address belongs to, whatever the policy's settings.
   *
   * @param address an IPv4 or IPv6 address
   * @return the range ({@code "loopback"}, {@code "private"}, {@code "cloud metadata"}, ...), or
   *     empty for a public address
   */
  public static Optional<String> internalRange(InetAddress address) {
    Objects.requireNonNull(address, "address");
    if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
      return Optional.of("scoped (zone id)");
    }
    return IpAddresses.internalRange(address.getAddress());
  }

  private static String nonStandard(String host) {
    return "writes the IP address "
        + host
        + " in a non-standard form (decimal, octal, hex or short);"
        + " write an IPv4 address as four decimal numbers, such as 203.0.113.7";
  }

  private static Optional<String> refusal(String what, Optional<String> range) {
    return range.map(r -> refusalText(what, r));
  }

  private static String refusalText(String what, String range) {
    return "points to "
        + what
        + ", a "
        + range
        + " address; push delivery sends only to public addresses"
        + " (allowPrivateNetworks() permits others)";
  }

  @Override
  public String toString() {
    return "PushAddressPolicy{"
        + (allowHttp ? "http and https" : "https only")
        + ", "
        + (allowPrivateNetworks ? "any address" : "public addresses only")
        + "}";
  }
}
