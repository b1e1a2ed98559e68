/**
 * An embeddable, in-memory OMS for tests, benchmarks and the sandbox: the three actions of
 * OMS-API.md with their validation, the documented envelope, switches for the undocumented points
 * (create spelling, user-field key, envelope casing, cost shape) and injectable faults.
 *
 * <p>{@link io.datasource.oms.simulator.SimulatedOms} is the OMS itself (store, validation,
 * actions) and can be driven without HTTP; {@link io.datasource.oms.simulator.OmsSimulator} puts
 * the HTTP front on it (routing, casing, faults, recording). Built on the JDK's
 * {@code com.sun.net.httpserver} and Jackson only; it imports nothing from the client package, so
 * that it checks what the client really sends rather than sharing its assumptions.
 */
package io.datasource.oms.simulator;
