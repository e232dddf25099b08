// The memory panel, "What I know about you": facts with their ids (edit in place, history,
// forget), session summaries, people/projects/goals, export as a download, and erase everything.

import { byId, el, when } from './dom.js';
import { clearError, showError, showStatus } from './notices.js';

const WATCH_EVERY_MS = 1000;
const WATCH_FOR_MS = 20000;

export class MemoryPanel {
  /** @param api the signed-in Api @param hooks {onErased()} */
  constructor(api, hooks) {
    this.api = api;
    this.hooks = hooks;
    this.view = null;
    this.used = new Set();
    this.watch = null;
    this.line = byId('memory-line');
    this.listeners = new AbortController();
    const signal = this.listeners.signal;
    byId('refresh').addEventListener('click', () => this.refresh(), { signal });
    byId('export').addEventListener('click', () => this.download(), { signal });
    byId('erase').addEventListener('click', () => this.askErase(), { signal });
    byId('erase-dialog').addEventListener('close', () => this.onEraseClosed(), { signal });
  }

  detach() {
    this.listeners.abort();
    clearTimeout(this.watch);
  }

  /**
   * Loads the user's memory and shows it if it changed (so that a field being edited or an open
   * history stays as it is); throws what the API threw.
   */
  async load() {
    const view = await this.api.memory();
    if (fingerprint(view) !== fingerprint(this.view) || !this.rendered) {
      this.view = view;
      this.render();
    }
    return this.view;
  }

  async refresh() {
    clearError();
    try {
      await this.load();
      this.line.textContent = `Up to date as of ${when(new Date().toISOString())}.`;
    } catch (e) {
      showError(e, 'load what Engram knows');
    }
  }

  /**
   * Memory is written in the background after a reply or a session's end: reloads every second
   * until something changed, for at most 20 s, and says so while it looks.
   */
  watchForChanges() {
    clearTimeout(this.watch);
    const before = fingerprint(this.view);
    const until = Date.now() + WATCH_FOR_MS;
    this.line.textContent = 'Looking for anything new to remember…';
    const tick = async () => {
      try {
        await this.load();
      } catch (e) {
        this.line.textContent = '';
        showError(e, 'load what Engram knows');
        return;
      }
      if (fingerprint(this.view) !== before) {
        this.line.textContent = 'Updated with what Engram learned.';
      } else if (Date.now() < until) {
        this.watch = setTimeout(tick, WATCH_EVERY_MS);
      } else {
        this.line.textContent = 'Nothing new to remember from that.';
      }
    };
    this.watch = setTimeout(tick, WATCH_EVERY_MS);
  }

  /** Marks the items that went into the last reply's prompt. */
  markUsed(refs) {
    this.used = new Set(refs);
    this.render();
  }

  render() {
    this.rendered = true;
    const view = this.view || { facts: [], summaries: [], entities: [], files: [] };
    fill(byId('facts'), view.facts, (f) => this.factItem(f), 'No facts yet. Tell Engram about yourself in the chat.');
    fill(byId('summaries'), view.summaries, (s) => this.summaryItem(s), 'No earlier conversations yet.');
    fill(byId('entities'), view.entities, (e) => this.entityItem(e), 'No people, projects or goals yet.');
    fill(byId('files'), view.files || [], (f) => this.fileItem(f), 'No memory files: Claude keeps them only when an app gives it the memory tool.');
  }

  factItem(fact) {
    const ref = `#${fact.id}`;
    return this.item(ref, el('span', { class: 'item-text' }, fact.text),
      el('div', { class: 'item-actions' },
        el('button', { type: 'button', 'aria-label': `Edit fact ${ref}`, onclick: (e) => this.edit(fact, e.target) }, 'Edit'),
        el('button', { type: 'button', 'aria-label': `History of fact ${ref}`, 'aria-expanded': 'false',
          onclick: (e) => this.toggleHistory(fact, e.target) }, 'History'),
        el('button', { type: 'button', class: 'danger', 'aria-label': `Forget fact ${ref}`,
          onclick: () => this.forget(fact) }, 'Forget')));
  }

  summaryItem(summary) {
    const label = summary.longTerm ? 'Long-term summary' : when(summary.createdAt);
    return this.item(summary.ref, el('span', { class: 'item-text' }, el('span', { class: 'item-when' }, label), summary.text));
  }

  entityItem(entity) {
    return this.item(entity.ref, el('span', { class: 'item-text' },
      el('strong', {}, entity.name), ` (${entity.type}): `, entity.notes));
  }

  fileItem(file) {
    return this.item(file.ref, el('span', { class: 'item-text' },
      el('span', { class: 'item-when' }, when(file.updatedAt)), el('strong', {}, file.path),
      el('pre', { class: 'file-text' }, file.content)));
  }

  item(ref, ...content) {
    const used = this.used.has(ref);
    return el('li', { class: used ? 'item used' : 'item', 'data-ref': ref },
      el('div', { class: 'item-head' }, el('span', { class: 'ref' }, ref),
        used ? el('span', { class: 'tag' }, 'in the last reply') : null),
      ...content);
  }

  /** Turns the fact's text into a field: Enter or Save stores it, Escape or Cancel puts it back. */
  edit(fact, button) {
    const li = button.closest('li');
    const ref = `#${fact.id}`;
    const input = el('input', { type: 'text', value: fact.text, 'aria-label': `New text for fact ${ref}`, class: 'edit-input' });
    const form = el('form', { class: 'edit-form' }, input,
      el('button', { type: 'submit' }, 'Save'),
      el('button', { type: 'button', onclick: () => this.render() }, 'Cancel'));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.save(fact, input.value); });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.render();
        this.focusAction(ref, 'Edit');
      }
    });
    li.querySelector('.item-text').replaceWith(form);
    li.querySelector('.item-actions').hidden = true;
    input.focus();
    input.select();
  }

  async save(fact, text) {
    clearError();
    const ref = `#${fact.id}`;
    try {
      await this.api.editFact(fact.id, text);
      showStatus(`Saved fact ${ref}. Its old text is kept in its history.`);
      await this.load();
      this.focusAction(ref, 'Edit');
    } catch (e) {
      showError(e, `save fact ${ref}`);
    }
  }

  async forget(fact) {
    clearError();
    try {
      const { turnsRemoved } = await this.api.forgetFact(fact.id);
      const messages = turnsRemoved === 1 ? ' and the message it came from' : turnsRemoved > 1 ? ` and the ${turnsRemoved} messages it came from` : '';
      showStatus(`Forgot fact #${fact.id}: "${fact.text}"${messages}.`);
      await this.load();
      byId('refresh').focus();
    } catch (e) {
      showError(e, `forget fact #${fact.id}`);
    }
  }

  async toggleHistory(fact, button) {
    const li = button.closest('li');
    const open = li.querySelector('.history');
    if (open) {
      open.remove();
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    clearError();
    try {
      const { history } = await this.api.history(fact.id);
      li.append(el('ol', { class: 'history', 'aria-label': `History of fact #${fact.id}` },
        ...history.map((c) => el('li', {},
          el('span', { class: 'item-when' }, `${c.kind.toLowerCase()} · ${when(c.at)}`),
          c.before ? el('del', {}, c.before) : null, c.before && c.after ? ' → ' : null,
          c.after ? el('ins', {}, c.after) : null))));
      button.setAttribute('aria-expanded', 'true');
    } catch (e) {
      showError(e, `load the history of fact #${fact.id}`);
    }
  }

  async download() {
    clearError();
    try {
      const text = await this.api.exportText();
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const link = el('a', { href: url, download: `engram-${this.api.userId}-${stamp}.json`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      showStatus('Exported everything Engram keeps about you as a JSON file.');
    } catch (e) {
      showError(e, 'export');
    }
  }

  askErase() {
    byId('erase-user').textContent = this.api.userId;
    byId('erase-dialog').showModal();
  }

  async onEraseClosed() {
    const dialog = byId('erase-dialog');
    if (dialog.returnValue !== 'erase') {
      byId('erase').focus();
      return;
    }
    dialog.returnValue = '';
    clearError();
    try {
      await this.api.erase();
    } catch (e) {
      // "there is no user": the server never stored anything for this id, so there is nothing to erase.
      if (!(e.status === 404 && e.message.startsWith('there is no user'))) {
        showError(e, 'erase');
        return;
      }
    }
    clearTimeout(this.watch);
    this.line.textContent = '';
    this.view = null;
    this.used = new Set();
    this.render();
    this.hooks.onErased();
    showStatus(`Erased everything Engram knew about ${this.api.userId}.`);
    byId('message').focus();
  }

  focusAction(ref, label) {
    const li = byId('facts').querySelector(`li[data-ref="${ref}"]`);
    const button = li && [...li.querySelectorAll('button')].find((b) => b.textContent === label);
    (button || byId('refresh')).focus();
  }
}

function fill(list, items, render, empty) {
  list.replaceChildren(...(items.length ? items.map(render) : [el('li', { class: 'empty' }, empty)]));
}

function fingerprint(view) {
  return JSON.stringify(view ? [view.facts, view.summaries, view.entities, view.files] : null);
}
