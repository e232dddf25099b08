/** The model seam: request and reply records, the {@link dev.engram.llm.LlmClient} interface and its errors. */
package dev.engram.llm;
