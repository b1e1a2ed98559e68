/**
 * The OMS HTTP API client: settings, request and result records, and the typed failure family.
 *
 * <p>Owns everything that knows how OMS is called (URLs, actions, the envelope, Base64 of the
 * password, error classification). Imports only the JDK, Jackson and SLF4J: no Kubernetes and no
 * Java Operator SDK type may appear here.
 */
package io.datasource.oms.client;
