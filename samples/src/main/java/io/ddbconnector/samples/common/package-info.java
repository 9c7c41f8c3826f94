/**
 * What the sample programs share: a strict command-line parser, the connection options, a
 * progress display, plain-text tables and table chores. Nothing here is specific to one engine.
 */
package io.ddbconnector.samples.common;
