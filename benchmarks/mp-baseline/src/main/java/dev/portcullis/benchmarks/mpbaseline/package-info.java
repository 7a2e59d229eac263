/**
 * The bare Helidon MP cold-start baseline of {@code benchmarks/run}.
 */
package dev.portcullis.benchmarks.mpbaseline;
