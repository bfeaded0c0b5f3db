/**
 * HTTP push delivery, the parts applications use directly: {@link
 * dev.chronos.push.SignatureVerifier} for endpoints that receive pushed jobs, and {@link
 * dev.chronos.push.PushAddressPolicy}, the rule deciding where push delivery may send. Push itself
 * is configured on {@link dev.chronos.ChronosBuilder} ({@code signingSecret}, {@code allowHttp},
 * {@code allowPrivateNetworks}, {@code standardWebhooks}, {@code pushConcurrency}).
 */
package dev.chronos.push;
