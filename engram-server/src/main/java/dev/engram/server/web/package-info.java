/**
 * The web chat served at {@code /} of {@code engram serve}: static pages (HTML, CSS and plain
 * JavaScript modules under {@code resources/web}) that talk to the JSON API from the browser, with
 * headers that keep every request on the server the page came from. The package knows Javalin's
 * configuration and nothing of the API's internals, so it can move to a module of its own.
 */
package dev.engram.server.web;
