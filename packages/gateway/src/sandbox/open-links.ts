/**
 * One-click access to the built-in sandbox's inbox: the banner prints a one-time link
 * (`/sandbox/_open/<token>`); opening it sets an HttpOnly, SameSite=Strict session cookie and
 * leads to the inbox. Links and sessions live in this process's memory: a restart prints a new link.
 */

/** How long a printed link may wait to be opened. */
export const openLinkTtlMs = 24 * 60 * 60 * 1000;
/** How long an inbox session lasts. */
export const inboxSessionTtlMs = 12 * 60 * 60 * 1000;
/** The session cookie's name. */
export const inboxCookie = 'watigate_sandbox';

export interface InboxSession {
  accountId: string;
  expiresAt: number;
}

export interface OpenLinks {
  /** A new one-time link token for the account. */
  create(accountId: string, now: number): string;
  /** Uses a link token up: the session it opens, or undefined when unknown, used or expired. */
  open(token: string, now: number): { session: string; accountId: string } | undefined;
  /** The account of a live session. */
  session(id: string | undefined, now: number): InboxSession | undefined;
}

export function createOpenLinks(deps: { random: (bytes: number) => Uint8Array }): OpenLinks {
  const links = new Map<string, InboxSession>();
  const sessions = new Map<string, InboxSession>();
  const token = () => Buffer.from(deps.random(32)).toString('base64url');
  const sweep = (map: Map<string, InboxSession>, now: number) => {
    for (const [key, value] of map) if (value.expiresAt <= now) map.delete(key);
  };
  return {
    create(accountId, now) {
      sweep(links, now);
      const link = token();
      links.set(link, { accountId, expiresAt: now + openLinkTtlMs });
      return link;
    },
    open(link, now) {
      const found = links.get(link);
      links.delete(link);
      if (!found || found.expiresAt <= now) return undefined;
      sweep(sessions, now);
      const session = token();
      sessions.set(session, { accountId: found.accountId, expiresAt: now + inboxSessionTtlMs });
      return { session, accountId: found.accountId };
    },
    session(id, now) {
      if (id === undefined) return undefined;
      const found = sessions.get(id);
      if (!found || found.expiresAt <= now) return undefined;
      return found;
    },
  };
}
