/**
 * The java17 runtime bootstrap: serves the instance protocol ({@code runtime-images/PROTOCOL.md}) with the JDK's
 * HTTP server and runs a function written against {@code com.aliyun.fc.runtime:fc-java-core} unmodified, in a class
 * loader of its own that shares only the fc-java-core and servlet API types with the runtime.
 *
 * <p>Runs inside the function's container (or as a child process): it must not depend on any localfaas module, only
 * on the JDK, fc-java-core and Jackson (for POJO handlers and error bodies).
 */
package io.localfaas.runtime.java17;
