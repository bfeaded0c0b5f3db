package dev.chronos.push;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses IP address literals strictly (no DNS, no lenient forms) and names the internal range an
 * address belongs to. The tables follow the IANA special-purpose address registries; an address in
 * none of them counts as public.
 */
final class IpAddresses {
  private record Range(byte[] prefix, int bits, String name) {
    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (prefix[full] & mask);
    }
  }

  /** Most specific first: the first match names the range. */
  private static final List<Range> V4 =
      List.of(
          v4("169.254.169.254", 32, "cloud metadata"),
          v4("168.63.129.16", 32, "cloud metadata"),
          v4("0.0.0.0", 8, "unspecified ('this network')"),
          v4("10.0.0.0", 8, "private"),
          v4("100.64.0.0", 10, "carrier-grade NAT"),
          v4("127.0.0.0", 8, "loopback"),
          v4("169.254.0.0", 16, "link-local"),
          v4("172.16.0.0", 12, "private"),
          v4("192.0.0.0", 24, "IETF protocol assignment"),
          v4("192.0.2.0", 24, "documentation"),
          v4("192.88.99.0", 24, "6to4 relay"),
          v4("192.168.0.0", 16, "private"),
          v4("198.18.0.0", 15, "benchmarking"),
          v4("198.51.100.0", 24, "documentation"),
          v4("203.0.113.0", 24, "documentation"),
          v4("224.0.0.0", 4, "multicast"),
          v4("240.0.0.0", 4, "reserved"));

  private static final List<Range> V6 =
      List.of(
          v6("fd00:ec2::254", 128, "cloud metadata"),
          v6("::", 128, "unspecified"),
          v6("::1", 128, "loopback"),
          v6("::ffff:0:0", 96, "IPv4-mapped IPv6"),
          v6("::ffff:0:0:0", 96, "IPv4-translated IPv6"),
          v6("::", 96, "IPv4-compatible IPv6"),
          v6("64:ff9b::", 96, "NAT64 (IPv4-embedding)"),
          v6("64:ff9b:1::", 48, "NAT64 (IPv4-embedding)"),
          v6("100::", 64, "discard-only"),
          v6("2001:db8::", 32, "documentation"),
          v6("2001::", 32, "Teredo (IPv4-embedding)"),
          v6("2002::", 16, "6to4 (IPv4-embedding)"),
          v6("fc00::", 7, "unique local (private)"),
          v6("fe80::", 10, "link-local"),
          v6("fec0::", 10, "site-local"),
          v6("ff00::", 8, "multicast"));

  private IpAddresses() {}

  private static Range v4(String text, int bits, String name) {
    return new Range(parseDottedQuad(text), bits, name);
  }

  private static Range v6(String text, int bits, String name) {
    return new Range(parseIpv6(text), bits, name);
  }

  /** The internal range of a 4- or 16-byte address, or empty when it is public. */
  static Optional<String> internalRange(byte[] address) {
    for (Range r : address.length == 4 ? V4 : V6) {
      if (r.contains(address)) {
        return Optional.of(r.name());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a host (lower case, no trailing dot) would be read as an IPv4 address by some parser:
   * its last label is a decimal or {@code 0x} hex number. Such hosts are never looked up as names.
   */
  static boolean looksNumeric(String host) {
    String last = host.substring(host.lastIndexOf('.') + 1);
    if (last.isEmpty()) {
      return false;
    }
    if (last.startsWith("0x")) {
      return last.substring(2).chars().allMatch(IpAddresses::isHex);
    }
    return last.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /**
   * Parses the one unambiguous IPv4 form: four decimal numbers 0–255 without leading zeros.
   *
   * @return the 4 bytes, or null for anything else
   */
  static byte[] parseDottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || (p.length() > 1 && p.charAt(0) == '0')
          || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int value = Integer.parseInt(p);
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
  }

  /**
   * Parses an IPv6 literal without brackets or zone id: eight groups of 1–4 hex digits, one {@code
   * ::} for a run of zero groups, the last 32 bits optionally as a dotted quad.
   *
   * @return the 16 bytes, or null if the text is not such a literal
   */
  static byte[] parseIpv6(String text) {
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    List<Integer> head = groups(gap >= 0 ? text.substring(0, gap) : text, gap < 0);
    List<Integer> tail = gap >= 0 ? groups(text.substring(gap + 2), true) : List.of();
    if (head == null || tail == null) {
      return null;
    }
    int count = head.size() + tail.size();
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    int[] all = new int[8];
    for (int i = 0; i < head.size(); i++) {
      all[i] = head.get(i);
    }
    for (int i = 0; i < tail.size(); i++) {
      all[8 - tail.size() + i] = tail.get(i);
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[2 * i] = (byte) (all[i] >> 8);
      bytes[2 * i + 1] = (byte) all[i];
    }
    return bytes;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** The 16-bit groups of one side of {@code ::}; null if malformed. */
  private static List<Integer> groups(String part, boolean quadAllowedAtEnd) {
    List<Integer> groups = new ArrayList<>();
    if (part.isEmpty()) {
      return groups;
    }
    String[] tokens = part.split(":", -1);
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (i == tokens.length - 1 && quadAllowedAtEnd && t.contains(".")) {
        byte[] quad = parseDottedQuad(t);
        if (quad == null) {
          return null;
        }
        groups.add(((quad[0] & 0xff) << 8) | (quad[1] & 0xff));
        groups.add(((quad[2] & 0xff) << 8) | (quad[3] & 0xff));
      } else if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(IpAddresses::isHex)) {
        return null;
      } else {
        groups.add(Integer.parseInt(t, 16));
      }
    }
    return groups;
  }
}
