package dev.engram.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * An in-memory BM25 index (k1 = 1.2, b = 0.3, Lucene's idf) over English text, tokenized and
 * stemmed by Lucene's {@link EnglishAnalyzer}. Documents are numbered 0, 1, 2... in the order
 * they are added, and can be added one at a time at any point. Not thread safe: callers guard it.
 */
final class Bm25Index {
    private static final Analyzer ANALYZER = new EnglishAnalyzer();
    private static final float K1 = 1.2f;
    // Weak length normalisation: on conversation turns a longer turn usually holds more of the answer.
    private static final float B = 0.3f;

    private final Map<String, Postings> postings = new HashMap<>();
    private int[] lengths = new int[16];
    private int size;
    private long totalLength;

    /** Adds a document and returns its number. */
    int add(String text) {
        List<String> terms = terms(text);
        Map<String, Integer> counts = new HashMap<>();
        for (String t : terms) {
            counts.merge(t, 1, Integer::sum);
        }
        int doc = size++;
        if (doc == lengths.length) {
            lengths = Arrays.copyOf(lengths, doc * 2);
        }
        lengths[doc] = terms.size();
        totalLength += terms.size();
        counts.forEach((term, tf) -> postings.computeIfAbsent(term, k -> new Postings()).add(doc, tf));
        return doc;
    }

    /** How many documents the index holds. */
    int size() {
        return size;
    }

    /** The BM25 score of every document for the query, indexed by document number; 0 for no match. */
    float[] scores(String query) {
        float[] scores = new float[size];
        if (size == 0) {
            return scores;
        }
        float avgLength = (float) totalLength / size;
        for (String term : new java.util.LinkedHashSet<>(terms(query))) {
            Postings p = postings.get(term);
            if (p == null) {
                continue;
            }
            float idf = (float) Math.log(1 + (size - p.size + 0.5) / (p.size + 0.5));
            for (int i = 0; i < p.size; i++) {
                int doc = p.docs[i];
                float tf = p.freqs[i];
                float norm = K1 * (1 - B + B * lengths[doc] / avgLength);
                scores[doc] += idf * tf * (K1 + 1) / (tf + norm);
            }
        }
        return scores;
    }

    /** The analyzed terms of a text, in order, repeats kept. */
    static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = ANALYZER.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analyzing text in memory failed", e);
        }
        return out;
    }

    private static final class Postings {
        int[] docs = new int[4];
        int[] freqs = new int[4];
        int size;

        void add(int doc, int freq) {
            if (size == docs.length) {
                docs = Arrays.copyOf(docs, size * 2);
                freqs = Arrays.copyOf(freqs, size * 2);
            }
            docs[size] = doc;
            freqs[size] = freq;
            size++;
        }
    }
}
