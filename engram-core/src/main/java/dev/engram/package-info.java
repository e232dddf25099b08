/** Engram: per-user long-term memory for Claude chatbots. Feature packages live below this one. */
package dev.engram;
