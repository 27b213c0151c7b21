/**
 * Function images and the image cache: for code mode {@code image}, an image {@code FROM} the runtime image with the
 * code baked in at {@code /code}, tagged by a content hash of runtime image id + code and labelled {@code io.localfaas.*};
 * a bounded Caffeine cache of those images that survives restarts (rebuilt from the labels); and
 * {@link io.localfaas.images.FunctionImageBackend}, which turns what the lifecycle asks for into what the engine
 * starts (the function's image, a custom container's own network). Talks to engines only through
 * {@code io.localfaas.backend} seams; must not depend on docker-java, on HTTP or on the gateway.
 */
package io.localfaas.images;
