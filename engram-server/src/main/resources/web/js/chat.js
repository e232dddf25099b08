// The chat column: the transcript, the composer (Enter sends), sessions (new / end) and the
// incognito switch. Replies stream in as they arrive; each finished reply updates the "why" view.

import { ApiError } from './api.js';
import { byId, el } from './dom.js';
import { clearError, showError, showStatus } from './notices.js';
import { loadIncognito, loadSession, saveIncognito, saveSession } from './credentials.js';

export class ChatView {
  /**
   * @param api the signed-in Api
   * @param hooks {onReply(memoryUsed, incognito), onRecorded(), onSessionEnded(summaryQueued)}
   */
  constructor(api, hooks) {
    this.api = api;
    this.hooks = hooks;
    this.session = loadSession();
    this.busy = false;
    this.transcript = byId('transcript');
    this.input = byId('message');
    this.sendButton = byId('send');
    this.incognito = byId('incognito');
    this.endButton = byId('end-session');
    this.newButton = byId('new-session');
    this.listeners = new AbortController();
    const signal = this.listeners.signal;
    byId('composer').addEventListener('submit', (e) => { e.preventDefault(); this.send(); }, { signal });
    this.input.addEventListener('keydown', (e) => this.onKey(e), { signal });
    this.incognito.addEventListener('change', () => this.onIncognito(), { signal });
    this.endButton.addEventListener('click', () => this.end(false), { signal });
    this.newButton.addEventListener('click', () => this.end(true), { signal });
    this.transcript.replaceChildren();
    this.incognito.checked = loadIncognito();
    this.onIncognito();
    this.showSession();
  }

  /** Stops listening to the page (on sign-out). */
  detach() {
    this.listeners.abort();
  }

  onKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  }

  onIncognito() {
    saveIncognito(this.incognito.checked);
    byId('incognito-hint').hidden = !this.incognito.checked;
    document.body.classList.toggle('is-incognito', this.incognito.checked);
  }

  async send() {
    const text = this.input.value.trim();
    if (this.busy) {
      return;
    }
    if (text === '') {
      showError(new Error('the message is empty'), 'send');
      this.input.focus();
      return;
    }
    clearError();
    showStatus('');
    const incognito = this.incognito.checked;
    this.setBusy(true);
    this.input.value = '';
    this.transcript.append(bubble('user', text, incognito));
    const reply = bubble('assistant', '', incognito);
    reply.setAttribute('aria-busy', 'true');
    this.transcript.append(reply);
    reply.scrollIntoView({ block: 'end' });
    try {
      const done = await this.stream(text, incognito, reply.querySelector('.text'));
      this.finish(done, reply);
    } catch (e) {
      reply.classList.add('failed');
      reply.querySelector('.text').textContent = 'No reply.';
      // Only a model failure (5xx, or a stream cut short) leaves the message stored; a refused one (4xx) stored nothing.
      if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500) {
        this.keepFailedSession(this.api.lastSessionId, incognito);
      }
      showError(e, 'get a reply');
    } finally {
      reply.removeAttribute('aria-busy');
      this.setBusy(false);
      this.input.focus();
    }
  }

  /** Streams the reply into {@code target}; returns the done event's data, throws on an error event. */
  async stream(text, incognito, target) {
    for await (const { event, data } of this.api.send(text, this.session && this.session.id, incognito)) {
      if (event === 'delta') {
        target.textContent += data.text;
      } else if (event === 'done') {
        return data;
      } else if (event === 'error') {
        throw new ApiError(data.status, data.error.code, data.error.message);
      }
    }
    throw new Error('the reply stream closed before the reply was complete');
  }

  /**
   * After a failed reply, stays in the session the message went to (the server says which), so that
   * a retry continues it and the model sees the unanswered message, which the turn log kept.
   */
  keepFailedSession(sessionId, incognito) {
    if (!sessionId || (this.session && this.session.id === sessionId)) {
      return;
    }
    this.session = { id: sessionId, recorded: !incognito };
    saveSession(this.session);
    this.showSession();
  }

  finish(done, reply) {
    reply.querySelector('.text').textContent = done.reply;
    const recorded = (this.session && this.session.id === done.sessionId && this.session.recorded) || !done.incognito;
    this.session = { id: done.sessionId, recorded };
    saveSession(this.session);
    this.showSession();
    this.hooks.onReply(done.memoryUsed, done.incognito);
    if (!done.incognito) {
      this.hooks.onRecorded();
    }
  }

  /** Ends the session under way (its summary is written if it recorded anything); {@code fresh} also clears the transcript. */
  async end(fresh) {
    if (this.busy) {
      return;
    }
    clearError();
    const session = this.session;
    if (session) {
      this.setBusy(true);
      try {
        const ended = await this.api.endSession(session.id);
        this.hooks.onSessionEnded(ended.summaryQueued);
        showStatus(ended.summaryQueued ? 'Session ended. Its summary will appear under "Earlier conversations".'
          : 'Session ended. It was incognito, so nothing of it is kept.');
      } catch (e) {
        showError(e, 'end the session');
        return;
      } finally {
        this.setBusy(false);
      }
    }
    this.session = null;
    saveSession(null);
    if (fresh) {
      this.transcript.replaceChildren();
      showStatus(session ? byId('status').textContent : 'A new session starts with your next message.');
    } else if (session) {
      this.transcript.append(el('li', { class: 'divider' }, 'Session ended'));
    }
    this.showSession();
    this.input.focus();
  }

  /** Forgets the session after an erase: the server dropped it with everything else. */
  reset() {
    this.session = null;
    saveSession(null);
    this.transcript.replaceChildren();
    this.showSession();
  }

  showSession() {
    const line = byId('session-line');
    if (!this.session) {
      line.textContent = 'A new session starts with your first message.';
    } else if (this.transcript.children.length === 0) {
      line.textContent = `Continuing session ${this.session.id} (its earlier messages are not shown again).`;
    } else {
      line.textContent = `Session ${this.session.id}`;
    }
    this.endButton.disabled = this.busy || !this.session;
  }

  setBusy(busy) {
    this.busy = busy;
    this.sendButton.disabled = busy;
    this.newButton.disabled = busy;
    this.endButton.disabled = busy || !this.session;
  }
}

function bubble(role, text, incognito) {
  return el('li', { class: `turn ${role}${incognito ? ' incognito' : ''}` },
    el('span', { class: 'speaker' }, role === 'user' ? 'You' : 'Claude',
      incognito ? el('span', { class: 'tag' }, 'not remembered') : null),
    el('span', { class: 'text' }, text));
}
