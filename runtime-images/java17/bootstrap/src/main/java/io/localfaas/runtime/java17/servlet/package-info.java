/**
 * The {@code javax.servlet} request and response an FC {@code HttpRequestHandler} receives: built from one
 * fully-read HTTP request, collecting the response in memory so the runtime can answer with an exact
 * {@code content-length}.
 *
 * <p>Depends only on the servlet API bundled in fc-java-core; knows nothing of the HTTP server or the protocol.
 */
package io.localfaas.runtime.java17.servlet;
