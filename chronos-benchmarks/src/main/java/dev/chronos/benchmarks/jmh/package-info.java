/**
 * JMH microbenchmarks of Chronos's hot paths. They are compiled by every build and run only on
 * demand: {@code ./mvnw -q -pl chronos-benchmarks -am compile exec:exec@jmh} (see {@code
 * docs/benchmarks.md}).
 */
package dev.chronos.benchmarks.jmh;
