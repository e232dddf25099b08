package dev.engram.server;

/** The OpenAPI 3.0 description of the HTTP API, served at {@code /openapi.json}. */
final class OpenApiDocument {
    private OpenApiDocument() {}

    static final String JSON = """
            {
              "openapi": "3.0.3",
              "info": {"title": "Engram", "version": "0.1.0",
                       "description": "Per-user long-term memory for Claude chatbots. Users are named by the tenant's own ids (1-128 of A-Z a-z 0-9 . _ - @, no '..'). Errors are {\\"error\\": {\\"code\\", \\"message\\"}}."},
              "components": {
                "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                "parameters": {
                  "userId": {"name": "userId", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Za-z0-9._@-]{1,128}$"}},
                  "memoryId": {"name": "memoryId", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}},
                  "sessionId": {"name": "sessionId", "in": "path", "required": true, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}
                },
                "schemas": {
                  "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"],
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}},
                  "Memory": {"type": "object", "properties": {"id": {"type": "integer"}, "text": {"type": "string"}, "key": {"type": "string", "nullable": true},
                    "confidence": {"type": "number"}, "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
                    "validFrom": {"type": "string", "format": "date-time"}, "invalidAt": {"type": "string", "format": "date-time", "nullable": true},
                    "session": {"type": "string", "nullable": true}}},
                  "Text": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string", "maxLength": 1000}}},
                  "UsedMemory": {"type": "object", "description": "A memory item the turn's prompt carried.", "properties": {
                    "ref": {"type": "string", "description": "#12 (fact), s3 (summary), e7 (entity) or t45 (earlier message)"},
                    "kind": {"type": "string", "enum": ["fact", "summary", "entity", "turn"]}, "id": {"type": "integer"},
                    "text": {"type": "string"}, "role": {"type": "string", "enum": ["user", "assistant"], "nullable": true}}},
                  "Reply": {"type": "object", "properties": {"sessionId": {"type": "string"}, "reply": {"type": "string"},
                    "incognito": {"type": "boolean"}, "memoryUsed": {"type": "array", "items": {"$ref": "#/components/schemas/UsedMemory"}}}}
                },
                "responses": {
                  "Error": {"description": "An error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              },
              "security": [{"bearer": []}],
              "paths": {
                "/v1/users/{userId}/messages": {"post": {"summary": "Send a message and get Claude's reply, with the memory items its prompt carried; with Accept: text/event-stream the reply streams as events delta {text}, then done {sessionId, reply, incognito, memoryUsed, serverTiming} or error {status, error}.",
                  "parameters": [{"$ref": "#/components/parameters/userId"}],
                  "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["message"],
                    "properties": {"message": {"type": "string"}, "sessionId": {"type": "string", "description": "Continue this session; omit to start one"},
                    "incognito": {"type": "boolean", "default": false, "description": "Record nothing of this turn: no message, reply, job or memory (the user's memory is still read). Say it with each message."}}}}}},
                  "responses": {"200": {"description": "The reply", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Reply"}}, "text/event-stream": {}}},
                    "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
                    "502": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Error"}}}},
                "/v1/users/{userId}/sessions/{sessionId}/end": {"post": {"summary": "End a session; its summary is written in the background.",
                  "parameters": [{"$ref": "#/components/parameters/userId"}, {"$ref": "#/components/parameters/sessionId"}],
                  "responses": {"200": {"description": "Ended", "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "sessionId": {"type": "string"}, "ended": {"type": "boolean"}, "summaryQueued": {"type": "boolean", "description": "false when the session recorded nothing (incognito)"}}}}}},
                    "404": {"$ref": "#/components/responses/Error"}}}},
                "/v1/users/{userId}/memory": {"get": {"summary": "Everything known about the user at once: valid facts, summaries (ref s3), people, projects and goals (ref e7) and the memory tool's files (ref f4).",
                  "parameters": [{"$ref": "#/components/parameters/userId"}],
                  "responses": {"200": {"description": "The user's memory", "content": {"application/json": {"schema": {"type": "object", "properties": {
                    "userId": {"type": "string"}, "facts": {"type": "array", "items": {"$ref": "#/components/schemas/Memory"}},
                    "summaries": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "ref": {"type": "string"},
                      "text": {"type": "string"}, "longTerm": {"type": "boolean"}, "session": {"type": "string", "nullable": true}, "createdAt": {"type": "string", "format": "date-time"}}}},
                    "entities": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "ref": {"type": "string"},
                      "name": {"type": "string"}, "type": {"type": "string"}, "notes": {"type": "string"}, "updatedAt": {"type": "string", "format": "date-time"}}}}}}}}},
                    "404": {"$ref": "#/components/responses/Error"}}}},
                "/v1/users/{userId}/memories": {
                  "get": {"summary": "List the user's memories, or search them with q.", "parameters": [{"$ref": "#/components/parameters/userId"},
                      {"name": "q", "in": "query", "schema": {"type": "string"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 100}}],
                    "responses": {"200": {"description": "Memories", "content": {"application/json": {"schema": {"type": "object",
                      "properties": {"memories": {"type": "array", "items": {"$ref": "#/components/schemas/Memory"}}}}}}}, "404": {"$ref": "#/components/responses/Error"}}},
                  "post": {"summary": "Add a memory verbatim.", "parameters": [{"$ref": "#/components/parameters/userId"}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Text"}}}},
                    "responses": {"201": {"description": "Added"}, "400": {"$ref": "#/components/responses/Error"}}}},
                "/v1/users/{userId}/memories/{memoryId}": {
                  "patch": {"summary": "Replace a memory's text; the old text stays in its history.",
                    "parameters": [{"$ref": "#/components/parameters/userId"}, {"$ref": "#/components/parameters/memoryId"}],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Text"}}}},
                    "responses": {"200": {"description": "Edited"}, "404": {"$ref": "#/components/responses/Error"}}},
                  "delete": {"summary": "Delete a memory, its history and the messages it came from (which live sessions stop sending to the model); returns {deleted, turnsRemoved}.",
                    "parameters": [{"$ref": "#/components/parameters/userId"}, {"$ref": "#/components/parameters/memoryId"}],
                    "responses": {"200": {"description": "Deleted"}, "404": {"$ref": "#/components/responses/Error"}}}},
                "/v1/users/{userId}/memories/{memoryId}/history": {"get": {"summary": "A memory's history, oldest first.",
                  "parameters": [{"$ref": "#/components/parameters/userId"}, {"$ref": "#/components/parameters/memoryId"}],
                  "responses": {"200": {"description": "History"}, "404": {"$ref": "#/components/responses/Error"}}}},
                "/v1/users/{userId}/export": {"get": {"summary": "Everything stored about the user, in Engram's export format.",
                  "parameters": [{"$ref": "#/components/parameters/userId"}], "responses": {"200": {"description": "Export"}, "404": {"$ref": "#/components/responses/Error"}}}},
                "/v1/users/{userId}": {"delete": {"summary": "Erase everything stored about the user.",
                  "parameters": [{"$ref": "#/components/parameters/userId"}], "responses": {"200": {"description": "Erased"}, "404": {"$ref": "#/components/responses/Error"}}}},
                "/v1/jobs": {"get": {"summary": "The background memory jobs of your users, oldest first, with the error of each failed one.",
                  "parameters": [{"name": "state", "in": "query", "schema": {"type": "string", "enum": ["dead", "pending", "running", "done", "all"], "default": "dead"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 100}}],
                  "responses": {"200": {"description": "Jobs", "content": {"application/json": {"schema": {"type": "object", "properties": {"jobs": {"type": "array",
                    "items": {"type": "object", "properties": {"id": {"type": "integer"}, "userId": {"type": "string"}, "type": {"type": "string"},
                    "state": {"type": "string"}, "attempts": {"type": "integer"}, "runAt": {"type": "string", "format": "date-time"},
                    "createdAt": {"type": "string", "format": "date-time"}, "error": {"type": "string", "nullable": true}}}}}}}}},
                    "400": {"$ref": "#/components/responses/Error"}}}},
                "/healthz": {"get": {"summary": "Liveness and database check.", "security": [], "responses": {"200": {"description": "OK"}, "503": {"description": "Database down"}}}},
                "/metrics": {"get": {"summary": "Prometheus metrics; with ENGRAM_METRICS_TOKEN set, send it as a Bearer token.", "security": [], "responses": {"200": {"description": "Metrics", "content": {"text/plain": {}}}}}},
                "/openapi.json": {"get": {"summary": "This document.", "security": [], "responses": {"200": {"description": "OpenAPI"}}}}
              }
            }
            """;
}
