package dev.chronos.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a push URL's host to addresses before push delivery checks them: the system resolver in
 * production (through the JVM's address cache, see {@link PushSender}), a fixed table in tests so
 * that the address policy can be tested without DNS.
 */
@FunctionalInterface
public interface HostResolver {
  /** The JVM's resolver, {@link InetAddress#getAllByName}. */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * Resolves a host name.
   *
   * @param host the host name (not an IP literal)
   * @return every address of the host
   * @throws UnknownHostException if the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
