/** The durable background queue runner: claims memory jobs from the store and retries or dead-letters failures. */
package dev.engram.jobs;
