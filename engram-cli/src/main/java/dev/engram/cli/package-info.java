/** The {@code engram} command line (picocli): chat and its REPL, demo, memory, jobs, keys, serve and bench. */
package dev.engram.cli;
