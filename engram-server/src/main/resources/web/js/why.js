// The "why" view: for the last reply, the memory items Engram put into its prompt, by the ids the
// memory panel shows (#12 a fact, s3 a summary, e7 a person, project or goal, t45 an earlier message).

import { byId, el } from './dom.js';

const KINDS = {
  fact: 'fact',
  summary: 'summary of an earlier conversation',
  entity: 'person, project or goal',
  turn: 'earlier message',
};

/** Shows what went into the last reply; {@code used} is the reply's memoryUsed. */
export function showWhy(used, incognito) {
  const summary = byId('why-summary');
  const list = byId('why-list');
  const note = incognito ? ' This reply was incognito: nothing of it was remembered.' : '';
  if (used.length === 0) {
    summary.textContent = 'No memory went into the last reply: Engram had nothing about you that fitted.' + note;
    list.replaceChildren();
    return;
  }
  summary.textContent = `The last reply's prompt carried ${used.length} memory item${used.length === 1 ? '' : 's'}:` + note;
  list.replaceChildren(...used.map((item) => el('li', { 'data-ref': item.ref },
    el('span', { class: 'ref' }, item.ref),
    el('span', { class: 'why-kind' }, KINDS[item.kind] || item.kind,
      item.role ? ` (${item.role === 'user' ? 'you' : 'Claude'})` : ''),
    el('span', { class: 'item-text' }, item.text))));
}

/** Back to the state before any reply (after signing in or erasing). */
export function clearWhy() {
  byId('why-summary').textContent = 'After a reply, this lists the memory Engram put into its prompt.';
  byId('why-list').replaceChildren();
}
