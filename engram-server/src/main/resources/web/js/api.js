// The Engram JSON API as the web chat uses it: every call goes to the server the page came from,
// with the tenant key as a Bearer token. A failure is always an ApiError with a message for people.

import { readEvents } from './sse.js';

/** A failed call: the HTTP status (0 when the server could not be reached), the API's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export class Api {
  /** @param {string} key the tenant key @param {string} userId the tenant's id for the user */
  constructor(key, userId) {
    this.key = key;
    this.userId = userId;
  }

  /** Everything known about the user: {facts, summaries, entities, files}; null when the server has no such user yet. */
  async memory() {
    try {
      return await this.json('GET', this.userPath('/memory'));
    } catch (e) {
      // Only "there is no user": any other 404 (a route this server lacks) stays an error.
      if (e instanceof ApiError && e.status === 404 && e.message.startsWith('there is no user')) {
        return null;
      }
      throw e;
    }
  }

  history(factId) {
    return this.json('GET', this.userPath(`/memories/${factId}/history`));
  }

  editFact(factId, text) {
    return this.json('PATCH', this.userPath(`/memories/${factId}`), { text });
  }

  forgetFact(factId) {
    return this.json('DELETE', this.userPath(`/memories/${factId}`));
  }

  endSession(sessionId) {
    return this.json('POST', this.userPath(`/sessions/${encodeURIComponent(sessionId)}/end`), {});
  }

  erase() {
    return this.json('DELETE', this.userPath(''));
  }

  /** The export as the text the server sent (Engram's JSON export format). */
  async exportText() {
    const response = await this.fetch('GET', this.userPath('/export'));
    return response.text();
  }

  /**
   * Sends a message and yields the reply's events as they stream: {event: 'delta', data: {text}},
   * then {event: 'done', data: {sessionId, reply, incognito, memoryUsed}} or {event: 'error', data: {error}}.
   */
  async *send(message, sessionId, incognito) {
    const body = { message, incognito };
    if (sessionId) {
      body.sessionId = sessionId;
    }
    // The server names the message's session in a header, failures included; a caller that failed keeps it.
    this.lastSessionId = null;
    let response;
    try {
      response = await this.fetch('POST', this.userPath('/messages'), body, 'text/event-stream');
    } catch (e) {
      this.lastSessionId = e.sessionId || null;
      throw e;
    }
    this.lastSessionId = response.headers.get('Engram-Session-Id');
    try {
      yield* readEvents(response);
    } catch (e) {
      if (e instanceof ApiError) {
        throw e;
      }
      throw new ApiError(0, 'stream_broken', 'The connection broke while the reply streamed: ' + e.message
        + '. Your message is saved unless you were incognito.');
    }
  }

  userPath(suffix) {
    return `/v1/users/${encodeURIComponent(this.userId)}${suffix}`;
  }

  async json(method, path, body) {
    const response = await this.fetch(method, path, body);
    try {
      return await response.json();
    } catch (e) {
      throw new ApiError(response.status, 'bad_response', `The server's answer to ${method} ${path} was not JSON.`);
    }
  }

  async fetch(method, path, body, accept = 'application/json') {
    const headers = { Authorization: `Bearer ${this.key}`, Accept: accept };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'Cannot reach the Engram server (' + e.message + '). Check that it is running'
        + ' and that this computer is online, then try again.');
    }
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response;
  }
}

async function errorOf(response) {
  let code = `http_${response.status}`;
  let message = `The server answered ${response.status} ${response.statusText}`.trim() + '.';
  try {
    const body = await response.json();
    if (body && body.error && typeof body.error.message === 'string') {
      code = body.error.code;
      message = body.error.message;
    }
  } catch (e) {
    // Not an Engram error body (a proxy's page, say): the status line above says what happened.
  }
  const error = new ApiError(response.status, code, message);
  error.sessionId = response.headers.get('Engram-Session-Id');
  return error;
}
