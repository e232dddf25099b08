/**
 * What a user does with their memory directly: view, remember, edit, forget, history, search,
 * export and import ({@link dev.engram.curation.ExportFormat} is the export file format), erase.
 */
package dev.engram.curation;
