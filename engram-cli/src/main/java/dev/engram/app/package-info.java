/** Configuration and wiring: {@link dev.engram.app.Config} read from the environment and the one {@link dev.engram.app.Wiring} class. */
package dev.engram.app;
