/**
 * The controller: observe (Secrets from the informer cache, OMS by name), decide, act, write
 * status. May import {@code api}, {@code oms} and {@code config}; makes no HTTP call and parses no
 * JSON itself.
 */
package io.datasource.oms.reconciler;
