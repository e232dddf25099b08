// The signed-in tenant key, user id and open session, kept in sessionStorage: this tab only,
// gone when it closes, never sent anywhere but in the Authorization header of API calls.

const KEY = 'engram.credentials';
const SESSION = 'engram.session';

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
