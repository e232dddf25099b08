// Engram's MCP server seen by the official MCP TypeScript SDK's Client (McpClientTest runs this).
//   node mcp-client.mjs stdio            env: ENGRAM_JAVA, ENGRAM_CLASSPATH, ENGRAM_HOME (and ENGRAM_EMBEDDER)
//   node mcp-client.mjs http URL         env: ENGRAM_KEY_A, ENGRAM_KEY_B (two tenants' keys)
// Every JSON-RPC message is printed ('>>' sent, '<<' received): the transcript. Each check prints
// "ok - ..." or "FAIL - ..."; the last line is "N passed, N failed"; the exit status is 1 on any failure.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`FAIL - ${name} ${detail}`);
  }
}

/** Prints every message the transport sends and receives. */
function tap(transport, tag) {
  const send = transport.send.bind(transport);
  transport.send = async (message, options) => {
    console.log(`${tag} >> ${JSON.stringify(message)}`);
    return send(message, options);
  };
  let handler;
  Object.defineProperty(transport, "onmessage", {
    configurable: true,
    get: () => handler,
    set: (h) => {
      handler = (message, extra) => {
        console.log(`${tag} << ${JSON.stringify(message)}`);
        h(message, extra);
      };
    },
  });
  return transport;
}

async function connect(transport, tag) {
  const client = new Client({ name: "engram-mcp-test", version: "0.1.0" });
  const errors = [];
  client.onerror = (e) => errors.push(String(e));
  await client.connect(tap(transport, tag));
  client.transportErrors = errors;
  return client;
}

const text = (result) => (result.content ?? []).map((c) => c.text).join("\n");
const call = (client, name, args = {}) => client.callTool({ name, arguments: args });

async function rpcError(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return e;
  }
}

/** The walk-through both transports share: tools, add, search, list, profile, forget, resources. */
async function walkThrough(client, tag, user = {}) {
  const info = client.getServerVersion();
  check(`${tag}: initialize names the server engram`, info?.name === "engram", JSON.stringify(info));

  const tools = (await client.listTools()).tools;
  const names = tools.map((t) => t.name).sort();
  check(`${tag}: five tools`, names.join(",") === "add_memory,forget_memory,get_profile,list_memories,search_memory", names);
  const add = tools.find((t) => t.name === "add_memory");
  check(`${tag}: add_memory has a JSON Schema requiring text`,
    add.inputSchema.type === "object" && add.inputSchema.required?.includes("text")
      && add.inputSchema.properties.text.maxLength === 1000 && add.inputSchema.additionalProperties === false,
    JSON.stringify(add.inputSchema));

  const tea = await call(client, "add_memory", { text: "Likes jasmine tea in the morning.", ...user });
  check(`${tag}: add_memory stores a fact`, !tea.isError && /^Remembered #\d+/.test(text(tea)), text(tea));
  const teaId = tea.structuredContent?.id;
  const dog = await call(client, "add_memory", { text: "Has a dog called Rex.", ...user });
  const dogId = dog.structuredContent?.id;
  check(`${tag}: the second fact has its own id`, Number.isInteger(dogId) && dogId !== teaId, JSON.stringify(dog));

  const found = await call(client, "search_memory", { query: "which tea do I like", limit: 3, ...user });
  check(`${tag}: search_memory finds the tea fact first`,
    !found.isError && found.structuredContent?.results?.[0]?.id === teaId, text(found));

  const listed = await call(client, "list_memories", { ...user });
  check(`${tag}: list_memories shows both facts with their ids`,
    text(listed).includes(`#${teaId} Likes jasmine tea`) && text(listed).includes(`#${dogId} Has a dog`), text(listed));

  const profile = await call(client, "get_profile", { message: "What should I drink?", ...user });
  check(`${tag}: get_profile returns the chat's memory block`,
    !profile.isError && text(profile).startsWith("<memory>") && text(profile).includes("Likes jasmine tea"), text(profile));

  const facts = await client.readResource({ uri: "engram://memory/facts" });
  check(`${tag}: the facts resource lists the facts`, JSON.parse(facts.contents[0].text).facts.length === 2, facts.contents[0].text);
  const one = await client.readResource({ uri: `engram://memory/facts/${dogId}` });
  check(`${tag}: the fact template gives one fact with its history`,
    JSON.parse(one.contents[0].text).history?.[0]?.kind === "ADDED", one.contents[0].text);
  const noFact = await rpcError(client.readResource({ uri: "engram://memory/facts/999999" }));
  check(`${tag}: a missing fact resource is -32002`, noFact?.code === -32002, String(noFact));
  const summaries = await client.readResource({ uri: "engram://memory/summaries" });
  check(`${tag}: the summaries resource is JSON`, Array.isArray(JSON.parse(summaries.contents[0].text).summaries));

  const forgot = await call(client, "forget_memory", { id: dogId, ...user });
  check(`${tag}: forget_memory forgets the fact`, !forgot.isError && text(forgot).includes("Has a dog called Rex."), text(forgot));
  const again = await call(client, "forget_memory", { id: dogId, ...user });
  check(`${tag}: forgetting it again is an isError result naming the id`,
    again.isError === true && text(again).includes(`#${dogId}`), text(again));

  const empty = await call(client, "add_memory", { text: "", ...user });
  check(`${tag}: an empty text fails the schema and is an isError result`, empty.isError === true, text(empty));
  const long = await call(client, "add_memory", { text: "x".repeat(1001), ...user });
  check(`${tag}: a fact over 1000 characters is an isError result`, long.isError === true, text(long));
  const badLimit = await call(client, "search_memory", { query: "tea", limit: 0, ...user });
  check(`${tag}: a limit outside the schema is an isError result`, badLimit.isError === true, text(badLimit));
  const unknown = await call(client, "no_such_tool").then((r) => r, (e) => ({ rpcError: e }));
  check(`${tag}: an unknown tool is refused`, unknown.rpcError !== undefined || unknown.isError === true,
    JSON.stringify(unknown));
  return { teaId, dogId };
}

async function stdio() {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ENGRAM_HOME: process.env.ENGRAM_HOME };
  if (process.env.ENGRAM_EMBEDDER) env.ENGRAM_EMBEDDER = process.env.ENGRAM_EMBEDDER;
  const transport = new StdioClientTransport({
    command: process.env.ENGRAM_JAVA,
    args: ["-cp", process.env.ENGRAM_CLASSPATH, "dev.engram.cli.Main", "mcp", "--user", "alice"],
    env,
    stderr: "pipe",
  });
  transport.stderr?.on("data", (d) => process.stdout.write(`[server stderr] ${d}`));
  const client = await connect(transport, "stdio");
  const tools = (await client.listTools()).tools;
  check("stdio: the schemas offer no user_id (the user is --user)",
    tools.every((t) => !("user_id" in (t.inputSchema.properties ?? {}))));
  await walkThrough(client, "stdio");
  const other = await call(client, "add_memory", { text: "Bob's fact", user_id: "bob" });
  check("stdio: naming another user is an isError result", other.isError === true, text(other));
  check("stdio: stdout carried protocol only (no parse errors)", client.transportErrors.length === 0,
    client.transportErrors.join("; "));
  await client.close();
}

async function http(url) {
  const keyA = process.env.ENGRAM_KEY_A;
  const keyB = process.env.ENGRAM_KEY_B;
  const transport = (key, headers = {}) => new StreamableHTTPClientTransport(new URL(url),
    { requestInit: { headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers } } });

  // Tenant A, a session opened for its user alice.
  const tA = transport(keyA, { "X-Engram-User": "alice" });
  const a = await connect(tA, "http[acme alice]");
  const ids = await walkThrough(a, "http[acme alice]");
  const tools = (await a.listTools()).tools;
  check("http: the schemas offer an optional user_id", tools.every((t) => t.inputSchema.properties?.user_id?.type === "string"
    && !(t.inputSchema.required ?? []).includes("user_id")));
  const other = await call(a, "list_memories", { user_id: "bob" });
  check("http: a call naming another user than the session's is refused", other.isError === true
    && text(other).includes("this MCP session is for user 'alice'"), text(other));

  // Tenant A, a session without a user: every call names its user.
  const a2 = await connect(transport(keyA), "http[acme]");
  const bob = await call(a2, "add_memory", { text: "Bob plays chess.", user_id: "bob" });
  check("http: user_id reaches another user of the same tenant", !bob.isError, text(bob));
  const nobody = await call(a2, "list_memories");
  check("http: without a session user, a call without user_id is refused", nobody.isError === true
    && text(nobody).includes("pass user_id"), text(nobody));
  const badId = await call(a2, "list_memories", { user_id: "../etc" });
  check("http: a user id that breaks the rules is refused", badId.isError === true && text(badId).includes("user id"), text(badId));
  const unknownUser = await call(a2, "search_memory", { query: "tea", user_id: "carol" });
  check("http: reading a user the tenant does not have is refused", unknownUser.isError === true
    && text(unknownUser).includes("there is no user 'carol'"), text(unknownUser));

  // Tenant B cannot reach tenant A's users, even by the same name.
  const b = await connect(transport(keyB, { "X-Engram-User": "alice" }), "http[globex alice]");
  const crossRead = await call(b, "search_memory", { query: "jasmine tea" });
  check("http: cross-tenant: tenant B's search for alice fails (B has no alice)", crossRead.isError === true
    && text(crossRead).includes("there is no user 'alice'"), text(crossRead));
  const own = await call(b, "add_memory", { text: "Globex's alice likes coffee." });
  const crossForget = await call(b, "forget_memory", { id: ids.teaId });
  check("http: cross-tenant: tenant B's alice cannot forget tenant A's alice's fact by its id", crossForget.isError === true
    && text(crossForget) === `there is no fact #${ids.teaId}`, text(crossForget));
  const ownSearch = await call(b, "search_memory", { query: "jasmine tea coffee" });
  check("http: cross-tenant: tenant B's own alice sees only B's memory", !own.isError
    && ownSearch.structuredContent.results.every((r) => !r.text.includes("jasmine")), text(ownSearch));
  const crossResource = await b.readResource({ uri: "engram://memory/facts" });
  check("http: cross-tenant: tenant B's facts resource holds only B's fact",
    JSON.parse(crossResource.contents[0].text).facts.map((f) => f.text).join("|") === "Globex's alice likes coffee.",
    crossResource.contents[0].text);

  // Raw requests: the session pin, the key check, the user header and the Origin check.
  const raw = (headers, body) => fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
    body: JSON.stringify(body),
  });
  const listCall = { jsonrpc: "2.0", id: 99, method: "tools/call", params: { name: "list_memories", arguments: {} } };
  const hijack = await raw({ Authorization: `Bearer ${keyB}`, "Mcp-Session-Id": tA.sessionId, "Mcp-Protocol-Version": "2025-06-18" },
    listCall);
  const hijackBody = await hijack.text();
  console.log(`raw: tenant B's key on tenant A's session -> ${hijack.status} ${hijackBody}`);
  check("http: cross-tenant: tenant B's key on tenant A's session id is 404", hijack.status === 404
    && !hijackBody.includes("jasmine"));
  const noKey = await raw({ "Mcp-Session-Id": tA.sessionId }, listCall);
  console.log(`raw: no key -> ${noKey.status} ${noKey.headers.get("www-authenticate")} ${await noKey.text()}`);
  check("http: no key is 401 with WWW-Authenticate: Bearer", noKey.status === 401
    && noKey.headers.get("www-authenticate") === "Bearer");
  const badKey = await raw({ Authorization: "Bearer eng_not_a_real_key_0000000000000000", "Mcp-Session-Id": tA.sessionId }, listCall);
  check("http: an unknown key is 401", badKey.status === 401, String(badKey.status));
  const switchUser = await raw({ Authorization: `Bearer ${keyA}`, "Mcp-Session-Id": tA.sessionId, "X-Engram-User": "bob",
    "Mcp-Protocol-Version": "2025-06-18" }, listCall);
  console.log(`raw: another X-Engram-User on alice's session -> ${switchUser.status} ${await switchUser.text()}`);
  check("http: X-Engram-User cannot change within a session (400)", switchUser.status === 400);
  const init = { jsonrpc: "2.0", id: 1, method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "evil", version: "0" } } };
  const evil = await raw({ Authorization: `Bearer ${keyA}`, Origin: "http://evil.example" }, init);
  console.log(`raw: a foreign Origin -> ${evil.status} ${await evil.text()}`);
  check("http: a foreign Origin is refused with 403", evil.status === 403);
  const local = await raw({ Authorization: `Bearer ${keyA}`, Origin: new URL(url).origin.replace("127.0.0.1", "localhost") }, init);
  check("http: a loopback Origin is accepted", local.status === 200, String(local.status));

  // Ending a session removes its pin: its id is then unknown, even to its own tenant.
  const ended = tA.sessionId;
  await tA.terminateSession();
  const afterEnd = await raw({ Authorization: `Bearer ${keyA}`, "Mcp-Session-Id": ended, "Mcp-Protocol-Version": "2025-06-18" },
    listCall);
  check("http: a terminated session is 404", afterEnd.status === 404, String(afterEnd.status));
  for (const c of [a, a2, b]) {
    check(`http: no transport errors on a session`, c.transportErrors.length === 0, c.transportErrors.join("; "));
  }
  await Promise.all([a.close(), a2.close(), b.close()]);
}

const [mode, target] = process.argv.slice(2);
try {
  if (mode === "stdio") {
    await stdio();
  } else if (mode === "http") {
    await http(target);
  } else {
    console.log("usage: node mcp-client.mjs stdio | http URL");
    process.exit(2);
  }
} catch (e) {
  check(`${mode}: the session ran to its end`, false, e?.stack ?? String(e));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
