// Runs mem0's own npm client (mem0ai, MemoryClient) against an Engram server, as a mem0 user's app
// would after changing its key and host. Started by dev.engram.server.mem0.Mem0ClientTest with
// ENGRAM_URL, ENGRAM_KEY (tenant acme) and ENGRAM_OTHER_KEY (tenant globex). Prints one line per step;
// exits 1 on the first failed step and 2 when it is started wrongly.
"use strict";

const assert = require("node:assert/strict");

for (const name of ["ENGRAM_URL", "ENGRAM_KEY", "ENGRAM_OTHER_KEY"]) {
  if (!process.env[name]) {
    console.error(`${name} is not set: this script is run by Mem0ClientTest`);
    process.exit(2);
  }
}
if (process.env.MEM0_TELEMETRY !== "false") {
  // The client reads the flag once, when it is loaded; anything but "false" sends telemetry to PostHog.
  console.error("MEM0_TELEMETRY must be exactly 'false'");
  process.exit(2);
}
const host = process.env.ENGRAM_URL;

// Every request the client makes goes through the global fetch: record any that is not for Engram.
const elsewhere = [];
const realFetch = globalThis.fetch;
globalThis.fetch = (url, init) => {
  const target = String(url instanceof Request ? url.url : url);
  if (!target.startsWith(host + "/")) {
    elsewhere.push(target);
    return Promise.reject(new Error(`the test refuses a request to ${target}`));
  }
  return realFetch(url, init);
};

const { MemoryClient, MemoryNotFoundError, AuthenticationError, ValidationError } = require("mem0ai");

const USER = "alice";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function step(name, body) {
  try {
    await body();
    console.log(`ok ${name}`);
  } catch (e) {
    console.log(`FAILED ${name}: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  }
}

/** Asks `check` again until it returns something, as the extraction runs in the background. */
async function eventually(what, check) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = await check();
    if (found) {
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} never appeared`);
}

function isDate(value) {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

async function main() {
  const client = new MemoryClient({ apiKey: process.env.ENGRAM_KEY, host });
  const other = new MemoryClient({ apiKey: process.env.ENGRAM_OTHER_KEY, host });
  let cricket;

  await step("ping", async () => {
    await client.ping();
    assert.equal(client.organizationId, "acme");
    assert.equal(client.projectId, "acme");
  });

  await step("add with inference: pending, then the extracted fact is listed", async () => {
    const event = await client.add(
      [{ role: "user", content: "remember: Likes cricket." }, { role: "assistant", content: "Noted!" }],
      { userId: USER, metadata: { source: "mem0-client", snake_key: 1 } });
    assert.equal(event.status, "PENDING");
    assert.match(event.eventId, UUID);
    const page = await eventually("the extracted fact", async () => {
      const all = await client.getAll({ filters: { user_id: USER } });
      return all.results.some((m) => m.memory === "Likes cricket.") ? all : null;
    });
    cricket = page.results.find((m) => m.memory === "Likes cricket.");
    assert.equal(cricket.userId, USER);
    assert.deepEqual(cricket.metadata, { source: "mem0-client", snake_key: 1 });
    assert.ok(isDate(cricket.createdAt) && isDate(cricket.updatedAt));
  });

  await step("add without inference: the text word for word", async () => {
    const stored = await client.add([{ role: "user", content: "Is a vegetarian" }], { userId: USER, infer: false });
    assert.equal(stored.status, "SUCCEEDED");
    assert.equal(stored.results.length, 1);
    assert.equal(stored.results[0].memory, "Is a vegetarian");
    assert.equal(stored.results[0].event, "ADD");
  });

  await step("search: scored results through hybrid retrieval", async () => {
    const found = await client.search("Which sport does she like? cricket", { filters: { user_id: USER }, topK: 5 });
    assert.ok(found.results.length >= 1);
    assert.equal(found.results[0].id, cricket.id);
    assert.equal(found.results[0].memory, "Likes cricket.");
    assert.ok(found.results[0].score > 0 && found.results[0].score <= 1, `score ${found.results[0].score}`);
    assert.ok(found.results.every((m) => m.userId === USER));
  });

  await step("list: paginated", async () => {
    const first = await client.getAll({ filters: { user_id: USER }, page: 1, pageSize: 1 });
    assert.equal(first.count, 2);
    assert.equal(first.results.length, 1);
    assert.ok(first.next.includes("page=2"));
    assert.equal(first.previous, null);
    const second = await client.getAll({ filters: { user_id: USER }, page: 2, pageSize: 1 });
    assert.notEqual(second.results[0].id, first.results[0].id);
    assert.equal(second.next, null);
  });

  await step("get", async () => {
    const memory = await client.get(cricket.id);
    assert.equal(memory.id, cricket.id);
    assert.equal(memory.memory, "Likes cricket.");
    assert.equal(memory.userId, USER);
  });

  await step("update: text and metadata", async () => {
    const updated = await client.update(cricket.id, { text: "Loves cricket.", metadata: { source: "edited" } });
    assert.equal(updated.memory, "Loves cricket.");
    assert.deepEqual(updated.metadata, { source: "edited" });
  });

  await step("history: the add with its messages, then the update", async () => {
    const history = await client.history(cricket.id);
    assert.deepEqual(history.map((h) => h.event), ["ADD", "UPDATE"]);
    assert.equal(history[0].memoryId, cricket.id);
    assert.equal(history[0].oldMemory, null);
    assert.equal(history[0].newMemory, "Likes cricket.");
    assert.deepEqual(history[0].input, [
      { role: "user", content: "remember: Likes cricket." }, { role: "assistant", content: "Noted!" }]);
    assert.equal(history[1].oldMemory, "Likes cricket.");
    assert.equal(history[1].newMemory, "Loves cricket.");
  });

  await step("a second tenant's key sees nothing of the first tenant's", async () => {
    await other.ping();
    assert.equal(other.organizationId, "globex");
    assert.equal((await other.getAll({ filters: { user_id: USER } })).count, 0);
    assert.deepEqual((await other.search("cricket", { filters: { user_id: USER } })).results, []);
    await assert.rejects(other.get(cricket.id), MemoryNotFoundError);
    await assert.rejects(other.history(cricket.id), MemoryNotFoundError);
    await assert.rejects(other.update(cricket.id, { text: "Hates cricket." }), MemoryNotFoundError);
    await assert.rejects(other.delete(cricket.id), MemoryNotFoundError);
    await other.deleteAll({ userId: USER });
    assert.equal((await client.get(cricket.id)).memory, "Loves cricket.");
  });

  await step("refusals come as mem0's error classes and change nothing", async () => {
    await assert.rejects(client.deleteAll(), (e) => e instanceof ValidationError && /never erases every user/.test(e.message));
    await assert.rejects(client.getAll(), ValidationError);
    await assert.rejects(client.add([{ role: "user", content: "hi" }], { userId: USER, agentId: "bot" }), ValidationError);
    await assert.rejects(new MemoryClient({ apiKey: "egk_not-a-real-key", host }).ping(), AuthenticationError);
    assert.equal((await client.getAll({ filters: { user_id: USER } })).count, 2);
  });

  await step("delete", async () => {
    const deleted = await client.delete(cricket.id);
    assert.equal(deleted.message, "Memory deleted successfully!");
    await assert.rejects(client.get(cricket.id), MemoryNotFoundError);
  });

  await step("delete all of the user", async () => {
    const erased = await client.deleteAll({ userId: USER });
    assert.equal(typeof erased.message, "string");
    assert.equal((await client.getAll({ filters: { user_id: USER } })).count, 0);
  });

  await step("no request left for anywhere but Engram", async () => {
    assert.deepEqual(elsewhere, []);
  });
  console.log("all steps passed");
}

main();
