/**
 * The seams through which {@link dev.engram.Engram#builder()} finds a store, a model client and an
 * embedding model in the modules on the classpath ({@link java.util.ServiceLoader}): engram-jdbc
 * provides SQLite and PostgreSQL, engram-anthropic the Claude client, engram-embeddings the ONNX
 * models. An application can implement them for a store or model of its own.
 */
package dev.engram.spi;
