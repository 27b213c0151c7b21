/**
 * Caller authentication of HTTP triggers (JWT bearer tokens with jjwt). Pure apart from reading key files once at
 * construction; must not depend on Undertow, the scheduler's pools or any backend.
 */
package io.localfaas.gateway.auth;
