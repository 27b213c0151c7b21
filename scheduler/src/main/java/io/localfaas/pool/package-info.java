/**
 * Instance pools: per function, the instances and their states under one lock. Choosing an instance and choosing
 * victims are pure static methods ({@link io.localfaas.pool.InstancePicker}, {@link io.localfaas.pool.VictimPicker});
 * the pool only applies their results, and every scaling decision in one place ({@code PoolCore.apply}). Its jobs
 * are split: {@link io.localfaas.pool.FunctionPool} (the public face: acquire, release, tick, close), {@code Leases}
 * (slots and waiters), {@code InstanceSet} (the instances and their one way out), {@code PoolCore} (the lock, launches,
 * back-off), {@code KeepAliveTimer} (idle times and the keep-alive window). The pool starts and ends instances through {@link io.localfaas.pool.Launcher}
 * (the lifecycle's {@code InstanceLauncher}, or an in-memory fake in tests) and reads time only from its
 * {@link io.localfaas.pool.Ticker}, so its rules are table-tested without a backend and without sleeping. Knows
 * nothing of HTTP or of the instance protocol.
 */
package io.localfaas.pool;
