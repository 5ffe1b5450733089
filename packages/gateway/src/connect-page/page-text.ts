/**
 * What the connect page tells the person who opened the link when a submit does not connect:
 * what went wrong, what to check in WATI's dashboard, in their words. Never an API call, a route
 * or JSON: they were sent a link, not an API key. The developer's side (the failure reason on the
 * connection) keeps WATI's technical reason.
 */
import { connectAttemptLimit, connectSessionTtlMs } from './connect-sessions.js';

/** A problem shown above the form or on a page of its own. */
export interface PageProblem {
  /** The error code, shown small for whoever helps the person; none for WATI's own answers. */
  code?: string;
  /** One sentence: what went wrong. */
  title: string;
  /** What to check, and where. */
  advice: string[];
}

const whereEndpointIs =
  'In WATI, open API Docs in the menu and copy the API Endpoint URL shown there. It starts with https:// and usually ends with your account number, like https://live-mt-server.wati.io/123456.';

/** WATI answered 401 or 403 to the token. */
export const tokenRefused: PageProblem = {
  title: 'WATI did not accept this access token.',
  advice: [
    'In WATI, open API Docs in the menu and copy the Access token again: all of it, without the word “Bearer”. A token stops working when someone resets the WATI password or logs out of all sessions; API Docs then shows the new one.',
  ],
};

/** Anything else: no answer, a timeout, another status (told apart only in the log). */
export const notReachable: PageProblem = {
  title: 'WATI did not answer at this API Endpoint URL.',
  advice: [whereEndpointIs],
};

/** The URL is not on a WATI host (nor on one the operator allowed). */
export const notWatiUrl: PageProblem = {
  code: 'host_not_allowed',
  title: 'This is not a WATI API Endpoint URL.',
  advice: [`${whereEndpointIs} The address of WATI’s website in your browser is not it.`],
};

/** A field left empty (or sent without the field at all). */
export function missingFields(endpoint: boolean, token: boolean): PageProblem {
  const missing = [endpoint && 'the API Endpoint URL', token && 'the Access token'].filter(Boolean);
  return {
    code: 'invalid_request',
    title: `Paste ${missing.join(' and ')} from WATI.`,
    advice: ['Both are on the API Docs page, in WATI’s menu.'],
  };
}

export const csrfFailed: PageProblem = {
  code: 'csrf_failed',
  title: 'This page was open for too long, or the form was not sent from it.',
  advice: ['Reload the page and fill in the form again.'],
};

export function attemptsLeftText(left: number): string {
  return `You can try ${left} more ${left === 1 ? 'time' : 'times'} with this link.`;
}

export const keptConnected = 'Nothing was changed: WATI is still connected with the details given before.';

export const askForNewLink = 'Ask whoever sent you this link for a new one.';

export const linkLifetime = `Links to connect WATI work for ${connectSessionTtlMs / 60_000} minutes. They stop working once WATI is connected, or after ${connectAttemptLimit} tries that WATI did not accept.`;
