// The web chat's entry point: sign-in (a tenant key and a user id, kept in this tab only), then the
// chat and the memory panel side by side (one above the other on a phone).

import { Api } from './api.js';
import { ChatView } from './chat.js';
import { clearCredentials, loadCredentials, saveCredentials } from './credentials.js';
import { byId } from './dom.js';
import { MemoryPanel } from './memory.js';
import { clearError, showError, showStatus } from './notices.js';
import { clearWhy, showWhy } from './why.js';

const USER_ID = /^[A-Za-z0-9._@-]{1,128}$/;

let current = null;

function start() {
  byId('sign-in-form').addEventListener('submit', (e) => {
    e.preventDefault();
    signIn(byId('tenant-key').value.trim(), byId('user-id').value.trim());
  });
  byId('sign-out').addEventListener('click', signOut);
  byId('sign-in-button').disabled = false;
  const saved = loadCredentials();
  if (saved) {
    signIn(saved.key, saved.userId);
  } else {
    byId('tenant-key').focus();
  }
}

async function signIn(key, userId) {
  clearError();
  if (key === '') {
    showError(new Error('enter the tenant key (engram keys create --tenant NAME prints one)'), 'sign in');
    byId('tenant-key').focus();
    return;
  }
  if (!USER_ID.test(userId) || userId.includes('..')) {
    showError(new Error('a user id is 1 to 128 letters, digits, ".", "_", "-" or "@", without ".."'), 'sign in');
    byId('user-id').focus();
    return;
  }
  const api = new Api(key, userId);
  const button = byId('sign-in-button');
  button.disabled = true;
  showStatus('Signing in…');
  try {
    const panel = new MemoryPanel(api, { onErased: () => { current.chat.reset(); clearWhy(); } });
    const view = await panel.load();
    saveCredentials(key, userId);
    const chat = new ChatView(api, {
      onReply: (used, incognito) => { showWhy(used, incognito); panel.markUsed(used.map((u) => u.ref)); },
      onRecorded: () => panel.watchForChanges(),
      onSessionEnded: (summaryQueued) => { if (summaryQueued) panel.watchForChanges(); },
    });
    current = { api, panel, chat };
    showSignedIn(userId, view);
  } catch (e) {
    showStatus('');
    showError(e, 'sign in');
    // A refused key or id is forgotten; after a network or server failure a reload tries again.
    if (e.status === 400 || e.status === 401 || e.status === 404) {
      clearCredentials();
    }
    byId('user-id').value = userId;
    byId('sign-in').hidden = false;
    byId('tenant-key').focus();
  } finally {
    button.disabled = false;
  }
}

function showSignedIn(userId, view) {
  byId('sign-in').hidden = true;
  byId('app').hidden = false;
  byId('who').hidden = false;
  byId('who-user').textContent = userId;
  byId('tenant-key').value = '';
  clearWhy();
  showStatus(view ? `Signed in as ${userId}.` : `Signed in as ${userId}. Engram knows nothing about you yet.`);
  byId('message').focus();
}

async function signOut() {
  clearError();
  const { api, panel, chat } = current;
  let failure = null;
  if (chat.session) {
    try {
      await api.endSession(chat.session.id);
    } catch (e) {
      failure = e;
    }
  }
  chat.detach();
  panel.detach();
  current = null;
  clearCredentials();
  byId('app').hidden = true;
  byId('who').hidden = true;
  byId('sign-in').hidden = false;
  showStatus('Signed out. The key and user id are gone from this tab.');
  if (failure) {
    showError(failure, 'end the session before signing out (its summary may be missing)');
  }
  byId('tenant-key').focus();
}

start();
