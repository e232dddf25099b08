package dev.engram.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * Serves the web chat from the jar: the files under {@code /web} on the classpath at {@code /}
 * ({@code index.html} for {@code /} itself), each with {@link #HEADERS}. The pages call the JSON
 * API of the same server; the Content-Security-Policy lets them load scripts, styles and images
 * from this server only, connect to this server only, and never be framed, so no request leaves
 * the machine the server runs on and no injected markup can run script.
 *
 * <pre>{@code
 * Javalin.create(config -> WebChat.install(config));
 * }</pre>
 */
public final class WebChat {
    /** The classpath folder that holds the pages. */
    public static final String RESOURCES = "/web";

    /** The Content-Security-Policy of every page and file of the web chat. */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "connect-src 'self'",
            "form-action 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'");

    /** The headers sent with each file. {@code no-cache} makes a browser revalidate, so an upgrade reaches it at once. */
    public static final Map<String, String> HEADERS = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cache-Control", "no-cache");

    private WebChat() {}

    /** Adds the web chat's files to a Javalin configuration; call it once, inside {@code Javalin.create}. */
    public static void install(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = RESOURCES;
            files.location = Location.CLASSPATH;
            files.headers = HEADERS;
        });
    }
}
