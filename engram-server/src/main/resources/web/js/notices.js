// The two lines under the header: an error line (role=alert) and a status line (role=status).

import { ApiError } from './api.js';
import { byId } from './dom.js';

/** Shows an error as one line in the page; an ApiError is worded with its HTTP status. */
export function showError(error, doing) {
  const line = byId('error');
  line.textContent = (doing ? `Could not ${doing}. ` : '') + describe(error);
  line.hidden = false;
}

export function clearError() {
  const line = byId('error');
  line.textContent = '';
  line.hidden = true;
}

export function showStatus(text) {
  byId('status').textContent = text;
}

function describe(error) {
  const message = sentence(error && error.message ? error.message : String(error));
  if (!(error instanceof ApiError) || error.status === 0) {
    return message;
  }
  if (error.status === 401) {
    return 'This tenant key was not accepted (401). Check it, or make one with ./engram keys create --tenant NAME.';
  }
  return `${message} (${error.status})`;
}

/** The server's messages start in lower case and may lack a full stop: make them a sentence. */
function sentence(text) {
  const trimmed = text.trim();
  return trimmed.charAt(0).toUpperCase() + trimmed.slice(1) + (/[.!?]$/.test(trimmed) ? '' : '.');
}
