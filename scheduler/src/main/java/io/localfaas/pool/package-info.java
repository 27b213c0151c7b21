/**
 * Instance pools: per function, the instances and their states under one lock. Choosing an instance is a pure
 * static method ({@link io.localfaas.pool.InstancePicker}); the pool only applies its results.
 */
package io.localfaas.pool;
