// The signed-in tenant key, user id, open session and incognito switch, kept in sessionStorage: this tab only,
// gone when it closes, never sent anywhere but in the Authorization header of API calls.

const KEY = 'engram.credentials';
const SESSION = 'engram.session';
const INCOGNITO = 'engram.incognito';

export function loadCredentials() {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) {
    return null;
  }
  try {
    const value = JSON.parse(raw);
    return typeof value.key === 'string' && typeof value.userId === 'string' ? value : null;
  } catch (e) {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

export function saveCredentials(key, userId) {
  sessionStorage.setItem(KEY, JSON.stringify({ key, userId }));
}

export function clearCredentials() {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(SESSION);
  sessionStorage.removeItem(INCOGNITO);
}

/** Whether the incognito switch is on in this tab: it stays on across a reload, so nothing is recorded by surprise. */
export function loadIncognito() {
  return sessionStorage.getItem(INCOGNITO) === 'on';
}

export function saveIncognito(on) {
  if (on) {
    sessionStorage.setItem(INCOGNITO, 'on');
  } else {
    sessionStorage.removeItem(INCOGNITO);
  }
}

/** The session under way in this tab: {id, recorded}, or null. */
export function loadSession() {
  try {
    const value = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
    return value && typeof value.id === 'string' ? value : null;
  } catch (e) {
    sessionStorage.removeItem(SESSION);
    return null;
  }
}

export function saveSession(session) {
  if (session) {
    sessionStorage.setItem(SESSION, JSON.stringify(session));
  } else {
    sessionStorage.removeItem(SESSION);
  }
}
