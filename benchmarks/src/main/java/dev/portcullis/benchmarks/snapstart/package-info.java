/**
 * A stand-in for a CRaC runtime, so that the SnapStart hooks of the Lambda handler run in a benchmark exactly as
 * Lambda runs them around a snapshot: org.crac ({@code org.crac.Core}) hands its resources to the implementation
 * named by the system property {@code org.crac.Core.Compat}, which {@link dev.portcullis.benchmarks.ColdStart} sets
 * to this package. {@code org.crac.Core.checkpointRestore()} then calls every resource's {@code beforeCheckpoint},
 * takes no snapshot, and calls their {@code afterRestore}, as after a restore.
 */
package dev.portcullis.benchmarks.snapstart;
