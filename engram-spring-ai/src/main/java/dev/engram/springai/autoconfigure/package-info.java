/**
 * Spring Boot auto-configuration of Engram for Spring AI: the {@link dev.engram.Engram} bean from
 * {@code engram.*} properties, Engram's chat memory repository and window, and the memory advisor.
 */
package dev.engram.springai.autoconfigure;
