/**
 * A scripted, in-process stand-in for the Anthropic Messages API: {@link dev.engram.llm.fake.FakeMessagesServer}
 * speaks the real wire format (JSON and server-sent events) so the real SDK can talk to it in tests
 * and in the offline demo.
 */
package dev.engram.llm.fake;
