/**
 * Benchmarks of the connector: programs that print a table and write CSV, never timed assertions.
 *
 * <p>Why a program and not tests: figures on a shared 2-core machine are noisy, so every figure is
 * measured beside its reference (the plain AWS SDK, or the throttling proxy's own meter) in the same
 * run, on the same backend and table, and the connector's client-side CPU per item is reported too.
 * {@link io.ddbconnector.benchmarks.BenchmarkMain} is the entry point; {@code benchmarks/run.sh} builds
 * and runs it.
 */
package io.ddbconnector.benchmarks;
