/** Tenants of the HTTP API, their keys (stored as hashes only), and the mapping of each tenant's user ids to internal ones. */
package dev.engram.tenant;
