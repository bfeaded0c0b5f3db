/**
 * The service-provider interface between the Chronos engine and a job store. Implement {@link
 * dev.chronos.spi.JobStore} to keep jobs somewhere new, and run the contract suite ({@code
 * dev.chronos.testing.JobStoreContractTest} in the chronos-testing module) against it.
 */
package dev.chronos.spi;
