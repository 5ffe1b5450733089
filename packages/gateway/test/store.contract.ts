/**
 * The store contract: one suite that every Store implementation must pass (SQLite always,
 * PostgreSQL when WATIGATE_TEST_PG_URL is set).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/crypto/api-key.js';
import { keyIdOf, open, seal } from '../src/crypto/seal.js';
import { toTimestamp } from '../src/deps/clock.js';
import type {
  ApiKeyRecord,
  ConnectionRecord,
  EventFilter,
  InboundHookRecord,
  NewEvent,
  Store,
  SubscriptionRecord,
} from '../src/store/store.js';
import { defined } from './support/defined.js';

const masterKey = randomBytes(32);
const t = (offsetMs: number) => toTimestamp(Date.parse('2025-12-08T07:20:53.488Z') + offsetMs + 0.46);

export function storeContract(
  name: string,
  open_: () => Promise<Store>,
  teardown?: () => Promise<void>,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const accountId = `acc_${randomUUID()}`;
    const otherAccount = `acc_${randomUUID()}`;

    beforeAll(async () => {
      store = await open_();
      await store.accounts.create({ id: accountId, name: 'first', createdAt: t(0) });
      await store.accounts.create({ id: otherAccount, name: 'second', createdAt: t(1) });
    });
    afterAll(async () => {
      await store?.close();
      await teardown?.();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    describe('accounts', () => {
      it('creates, reads and counts accounts', async () => {
        expect(await store.accounts.get(accountId)).toEqual({
          id: accountId,
          name: 'first',
          createdAt: t(0),
        });
        expect(await store.accounts.get('nope')).toBeUndefined();
        expect(await store.accounts.count()).toBe(2);
        expect(await store.accounts.oldest()).toEqual({ id: accountId, name: 'first', createdAt: t(0) });
      });
    });

    describe('apiKeys', () => {
      const makeKey = (overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord => {
        const secret = generateApiKey();
        return {
          id: `key_${randomUUID()}`,
          accountId,
          name: 'ci',
          prefix: secret.prefix,
          hash: secret.hash,
          scopes: ['wati:read', 'wati:send'],
          connections: null,
          dailySendCap: null,
          expiresAt: null,
          revokedAt: null,
          lastUsedAt: null,
          createdAt: t(10),
          ...overrides,
        };
      };

      it('stores every field and finds keys by prefix', async () => {
        const key = makeKey({
          connections: ['c1', 'c2'],
          dailySendCap: 500,
          expiresAt: t(86_400_000),
          name: null,
        });
        await store.apiKeys.create(key);
        expect(await store.apiKeys.findByPrefix(key.prefix)).toEqual([key]);
        expect(await store.apiKeys.get(accountId, key.id)).toEqual(key);
        expect(await store.apiKeys.get(otherAccount, key.id)).toBeUndefined();
      });

      it('lists an account’s keys oldest first', async () => {
        const a = makeKey({ createdAt: t(20) });
        const b = makeKey({ createdAt: t(21), accountId: otherAccount });
        const c = makeKey({ createdAt: t(22) });
        await store.apiKeys.create(c);
        await store.apiKeys.create(a);
        await store.apiKeys.create(b);
        const ids = (await store.apiKeys.list(accountId)).map((k) => k.id);
        expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(c.id));
        expect(ids).not.toContain(b.id);
      });

      it('revokes once, only within the account, and records last use', async () => {
        const key = makeKey();
        await store.apiKeys.create(key);
        expect(await store.apiKeys.revoke(otherAccount, key.id, t(30))).toBeUndefined();
        expect((await store.apiKeys.revoke(accountId, key.id, t(30)))?.revokedAt).toBe(t(30));
        expect((await store.apiKeys.revoke(accountId, key.id, t(31)))?.revokedAt).toBe(t(30));
        await store.apiKeys.touch(key.id, t(40));
        expect((await store.apiKeys.get(accountId, key.id))?.lastUsedAt).toBe(t(40));
      });

      it('refuses two keys with the same hash', async () => {
        const key = makeKey();
        await store.apiKeys.create(key);
        await expect(store.apiKeys.create({ ...key, id: `key_${randomUUID()}` })).rejects.toThrow();
      });
    });

    describe('connections', () => {
      const makeConnection = (overrides: Partial<ConnectionRecord> = {}): ConnectionRecord => ({
        connectionId: randomUUID(),
        accountId,
        app: 'wati',
        status: 'PENDING',
        apiEndpoint: null,
        sealedToken: null,
        failureReason: null,
        metadata: {},
        creationTime: t(100),
        lastUpdatedTime: t(100),
        ...overrides,
      });

      it('keeps microsecond timestamps exactly', async () => {
        const c = makeConnection();
        await store.connections.create(c);
        const got = await store.connections.get(accountId, c.connectionId);
        expect(got).toEqual(c);
        expect(got?.creationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      });

      it('hides another account’s connection', async () => {
        const c = makeConnection();
        await store.connections.create(c);
        expect(await store.connections.get(otherAccount, c.connectionId)).toBeUndefined();
        expect(await store.connections.getById(c.connectionId)).toEqual(c);
        expect(await store.connections.delete(otherAccount, c.connectionId, t(1))).toBeUndefined();
      });

      it('activates with a sealed token, fails erasing it, and filters lists', async () => {
        const c = makeConnection({ creationTime: t(200), lastUpdatedTime: t(200) });
        await store.connections.create(c);
        const sealedToken = seal('wati-token', masterKey, c.connectionId);
        const active = await store.connections.activate(c.connectionId, {
          apiEndpoint: 'https://live-mt-server.wati.io/1000001',
          sealedToken,
          metadata: { tenantId: '1000001' },
          at: t(300),
        });
        expect(active).toMatchObject({
          status: 'ACTIVE',
          sealedToken,
          metadata: { tenantId: '1000001' },
          lastUpdatedTime: t(300),
        });
        expect(open(defined(active?.sealedToken), masterKey, c.connectionId)).toBe('wati-token');

        const listed = await store.connections.list(accountId, { app: 'wati', status: 'ACTIVE' });
        expect(listed.map((x) => x.connectionId)).toContain(c.connectionId);
        expect(listed.every((x) => x.status === 'ACTIVE')).toBe(true);
        expect(await store.connections.list(accountId, { app: 'other' })).toEqual([]);

        const failed = await store.connections.fail(c.connectionId, 'WATI answered 401', t(400));
        expect(failed).toMatchObject({
          status: 'FAILED',
          failureReason: 'WATI answered 401',
          sealedToken: null,
          lastUpdatedTime: t(400),
        });
      });

      it('fails a connection for a 401 only while it holds the token that got it', async () => {
        const c = makeConnection();
        await store.connections.create(c);
        const first = seal('first-token', masterKey, c.connectionId);
        const second = seal('second-token', masterKey, c.connectionId);
        const change = { apiEndpoint: 'https://live-mt-server.wati.io/1', metadata: {} };
        await store.connections.activate(c.connectionId, { ...change, sealedToken: first, at: t(100) });
        await store.connections.activate(c.connectionId, { ...change, sealedToken: second, at: t(200) });
        // A 401 for the first token, arriving after the reconnect: the second token stays.
        const kept = await store.connections.fail(c.connectionId, 'WATI answered 401', t(300), first);
        expect(kept).toMatchObject({ status: 'ACTIVE', failureReason: null, lastUpdatedTime: t(200) });
        expect(open(defined(kept?.sealedToken), masterKey, c.connectionId)).toBe('second-token');
        // A 401 for the token it holds fails it.
        const failed = await store.connections.fail(c.connectionId, 'WATI answered 401', t(400), second);
        expect(failed).toMatchObject({ status: 'FAILED', sealedToken: null, lastUpdatedTime: t(400) });
      });

      it('notes a failed connect attempt on a connection that is not ACTIVE, keeping its status', async () => {
        const c = makeConnection();
        await store.connections.create(c);
        const noted = await store.connections.noteFailure(c.connectionId, 'WATI answered 401', t(150));
        expect(noted).toMatchObject({
          status: 'PENDING',
          failureReason: 'WATI answered 401',
          lastUpdatedTime: t(150),
        });
        const sealedToken = seal('wati-token', masterKey, c.connectionId);
        const change = { apiEndpoint: 'https://live-mt-server.wati.io/1', metadata: {}, sealedToken };
        const active = await store.connections.activate(c.connectionId, { ...change, at: t(200) });
        expect(active).toMatchObject({ status: 'ACTIVE', failureReason: null });
        // A working connection is left exactly as it was.
        expect(await store.connections.noteFailure(c.connectionId, 'WATI answered 401', t(300))).toEqual(
          active,
        );
      });

      it('lists oldest first', async () => {
        const newer = makeConnection({ creationTime: t(600) });
        const older = makeConnection({ creationTime: t(500) });
        await store.connections.create(newer);
        await store.connections.create(older);
        const ids = (await store.connections.list(accountId)).map((x) => x.connectionId);
        expect(ids.indexOf(older.connectionId)).toBeLessThan(ids.indexOf(newer.connectionId));
      });

      it('deletes the row and its sessions, returning the final state', async () => {
        const c = makeConnection();
        await store.connections.create(c);
        await store.connectSessions.create({
          tokenHash: `h_${randomUUID()}`,
          connectionId: c.connectionId,
          csrf: 'x',
          sealedToken: null,
          expiresAt: t(1_800_000),
          usedAt: null,
          createdAt: t(100),
          createdByKeyId: null,
          attempts: 0,
        });
        const gone = await store.connections.delete(accountId, c.connectionId, t(700));
        expect(gone).toEqual({ ...c, lastUpdatedTime: t(700) });
        expect(await store.connections.getById(c.connectionId)).toBeUndefined();
        expect(await store.connectSessions.latestLive(c.connectionId, t(100))).toBeUndefined();
      });

      it('lists and reseals sealed tokens for key rotation', async () => {
        const c = makeConnection();
        await store.connections.create(c);
        await store.connections.activate(c.connectionId, {
          apiEndpoint: 'https://x.wati.io/1',
          sealedToken: seal('tok', masterKey, c.connectionId),
          metadata: {},
          at: t(1),
        });
        const newKey = randomBytes(32);
        const found = (await store.connections.listSealed()).find((r) => r.connectionId === c.connectionId);
        expect(found?.sealedToken.keyId).toBe(keyIdOf(masterKey));
        await store.connections.reseal(c.connectionId, seal('tok', newKey, c.connectionId));
        const after = await store.connections.getById(c.connectionId);
        expect(open(defined(after?.sealedToken), newKey, c.connectionId)).toBe('tok');
      });
    });

    describe('connectSessions', () => {
      it('is consumed once, and not after expiry', async () => {
        const connectionId = randomUUID();
        const live = {
          tokenHash: `h_${randomUUID()}`,
          connectionId,
          csrf: 'csrf-1',
          sealedToken: seal('s', masterKey, 'x'),
          expiresAt: t(1000),
          usedAt: null,
          createdAt: t(0),
          createdByKeyId: 'key_maker',
          attempts: 0,
        };
        const old = { ...live, tokenHash: `h_${randomUUID()}`, expiresAt: t(10), createdAt: t(-10) };
        await store.connectSessions.create(live);
        await store.connectSessions.create(old);
        expect(await store.connectSessions.get(live.tokenHash)).toEqual(live);
        expect(await store.connectSessions.latestLive(connectionId, t(500))).toEqual(live);
        expect(await store.connectSessions.consume(old.tokenHash, t(500))).toBe(false);
        expect(await store.connectSessions.consume(live.tokenHash, t(500))).toBe(true);
        expect(await store.connectSessions.consume(live.tokenHash, t(501))).toBe(false);
        expect(await store.connectSessions.get(live.tokenHash)).toMatchObject({
          usedAt: t(500),
          sealedToken: null,
        });
        expect(await store.connectSessions.latestLive(connectionId, t(500))).toBeUndefined();
        expect(await store.connectSessions.purgeExpired(t(2000))).toBeGreaterThanOrEqual(2);
        expect(await store.connectSessions.get(old.tokenHash)).toBeUndefined();
      });

      it('counts attempts up to a limit, only while the session is unused and unexpired', async () => {
        const session = {
          tokenHash: `h_${randomUUID()}`,
          connectionId: randomUUID(),
          csrf: 'csrf-2',
          sealedToken: null,
          expiresAt: t(1000),
          usedAt: null,
          createdAt: t(0),
          createdByKeyId: null,
          attempts: 0,
        };
        await store.connectSessions.create(session);
        expect(await store.connectSessions.claimAttempt(session.tokenHash, t(10), 3)).toBe(1);
        expect(await store.connectSessions.claimAttempt(session.tokenHash, t(20), 3)).toBe(2);
        expect(await store.connectSessions.claimAttempt(session.tokenHash, t(30), 3)).toBe(3);
        expect(await store.connectSessions.claimAttempt(session.tokenHash, t(40), 3)).toBeUndefined();
        expect(await store.connectSessions.get(session.tokenHash)).toMatchObject({
          attempts: 3,
          usedAt: null,
        });
        expect(await store.connectSessions.claimAttempt(`h_${randomUUID()}`, t(40), 3)).toBeUndefined();

        const racing = { ...session, tokenHash: `h_${randomUUID()}` };
        await store.connectSessions.create(racing);
        const claims = await Promise.all(
          Array.from({ length: 8 }, () => store.connectSessions.claimAttempt(racing.tokenHash, t(10), 5)),
        );
        expect(claims.filter((n) => n !== undefined).sort()).toEqual([1, 2, 3, 4, 5]);

        const expiring = { ...session, tokenHash: `h_${randomUUID()}` };
        await store.connectSessions.create(expiring);
        expect(await store.connectSessions.claimAttempt(expiring.tokenHash, t(1000), 3)).toBeUndefined();
        const used = { ...session, tokenHash: `h_${randomUUID()}` };
        await store.connectSessions.create(used);
        expect(await store.connectSessions.consume(used.tokenHash, t(10))).toBe(true);
        expect(await store.connectSessions.claimAttempt(used.tokenHash, t(20), 3)).toBeUndefined();
      });
    });

    describe('audit', () => {
      it('pages newest first with a cursor and counts a key’s actions', async () => {
        const acc = `acc_${randomUUID()}`;
        for (let i = 0; i < 5; i++) {
          await store.audit.append({
            id: `aud_${i}`,
            accountId: acc,
            keyId: 'key_1',
            action: i % 2 === 0 ? 'wati.send' : 'keys.create',
            endpoint: 'POST /api/v1/sendSessionMessage/{whatsappNumber}',
            connectionId: null,
            status: 200,
            recipientMasked: '14*******34',
            // two entries share a timestamp: the id breaks the tie
            createdAt: t(Math.min(i, 3) * 1000),
          });
        }
        const first = await store.audit.list(acc, { limit: 2 });
        expect(first.entries.map((e) => e.id)).toEqual(['aud_4', 'aud_3']);
        expect(first.entries[0]).toMatchObject({
          status: 200,
          recipientMasked: '14*******34',
          keyId: 'key_1',
        });
        const second = await store.audit.list(acc, { limit: 2, cursor: defined(first.nextCursor) });
        expect(second.entries.map((e) => e.id)).toEqual(['aud_2', 'aud_1']);
        const third = await store.audit.list(acc, { limit: 2, cursor: defined(second.nextCursor) });
        expect(third).toEqual({ entries: [expect.objectContaining({ id: 'aud_0' })], nextCursor: null });
        await expect(store.audit.list(acc, { limit: 2, cursor: 'garbage' })).rejects.toThrow('cursor');
      });
    });

    describe('events', () => {
      const newEvent = (overrides: Partial<NewEvent> = {}): NewEvent => ({
        accountId,
        connectionId: 'conn_a',
        dedupeKey: `message\n${randomUUID()}`,
        type: 'message.received',
        watiEventType: 'message',
        whatsappNumber: '14155551234',
        watiMessageId: randomUUID(),
        whatsappMessageId: `wamid.${randomUUID()}`,
        occurredAt: t(0),
        receivedAt: t(1000),
        body: '{"eventType":"message","text":"héllo"}',
        ...overrides,
      });

      it('hands out growing sequences and stores a repeat of a dedupe key once', async () => {
        const before = await store.events.latestSequence({ accountId });
        const first = await store.events.append(newEvent({ dedupeKey: 'dup' }));
        const again = await store.events.append(newEvent({ dedupeKey: 'dup', body: '{"other":true}' }));
        const second = await store.events.append(newEvent());
        expect(first.duplicate).toBe(false);
        expect(first.event.sequence).toBe(before + 1);
        expect(again).toEqual({ event: first.event, duplicate: true });
        // The repeat did not use up a sequence.
        expect(second.event.sequence).toBe(before + 2);
        expect(await store.events.latestSequence({ accountId })).toBe(before + 2);
        // The same key on another connection is another event.
        const elsewhere = await store.events.append(newEvent({ dedupeKey: 'dup', connectionId: 'conn_b' }));
        expect(elsewhere.duplicate).toBe(false);
        const listed = await store.events.listAfter({ accountId }, before, 10);
        expect(listed.map((e) => e.sequence)).toEqual([before + 1, before + 2, before + 3]);
        expect(listed[0]).toEqual({ ...first.event });
        expect(listed[0]?.body).toBe('{"eventType":"message","text":"héllo"}');
      });

      it('stores one event when the same delivery is appended concurrently', async () => {
        const key = `race-${randomUUID()}`;
        const results = await Promise.all(
          Array.from({ length: 8 }, () => store.events.append(newEvent({ dedupeKey: key }))),
        );
        expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
        expect(new Set(results.map((r) => r.event.sequence)).size).toBe(1);
      });

      it('filters by account, connections, types, number and time, oldest first, with a limit', async () => {
        const acc = `acc_${randomUUID()}`;
        const start = await store.events.latestSequence({ accountId: acc });
        expect(start).toBe(0);
        await store.events.append(newEvent({ accountId: acc, connectionId: 'c1', receivedAt: t(0) }));
        await store.events.append(
          newEvent({ accountId: acc, connectionId: 'c2', type: 'message.read', receivedAt: t(10) }),
        );
        await store.events.append(
          newEvent({ accountId: acc, connectionId: 'c1', whatsappNumber: '447700900123', receivedAt: t(20) }),
        );
        await store.events.append(newEvent({ accountId: otherAccount, connectionId: 'c1' }));
        const seqs = async (filter: Omit<EventFilter, 'accountId'>, after = start, limit = 10) =>
          (await store.events.listAfter({ accountId: acc, ...filter }, after, limit)).map(
            (e) => e.sequence - start,
          );
        expect(await seqs({})).toEqual([1, 2, 3]);
        expect(await seqs({}, start + 1)).toEqual([2, 3]);
        expect(await seqs({}, start, 2)).toEqual([1, 2]);
        expect(await seqs({ connectionIds: ['c1'] })).toEqual([1, 3]);
        expect(await seqs({ connectionIds: [] })).toEqual([]);
        expect(await seqs({ types: ['message.read'] })).toEqual([2]);
        expect(await seqs({ types: [] })).toEqual([1, 2, 3]);
        expect(await seqs({ whatsappNumber: '447700900123' })).toEqual([3]);
        expect(await seqs({ since: t(10) })).toEqual([2, 3]);
        // What `after=latest` resolves to: the newest event the reader may see, nobody else's.
        expect(await store.events.latestSequence({ accountId: acc })).toBe(start + 3);
        expect(await store.events.latestSequence({ accountId: acc, connectionIds: ['c2'] })).toBe(start + 2);
        expect(await store.events.latestSequence({ accountId: acc, connectionIds: [] })).toBe(0);
        expect(await store.events.latestSequence({ accountId: `acc_${randomUUID()}` })).toBe(0);
        // Ids count per account: the other account's event took none of this one's.
        const theirs = await store.events.listAfter({ accountId: otherAccount }, 0, 1000);
        expect(theirs.length).toBeGreaterThan(0);
        expect(await store.events.latestSequence({ accountId: acc })).toBe(3);
      });

      it('finds the number of an earlier event about the same message', async () => {
        const wamid = `wamid.${randomUUID()}`;
        expect(await store.events.numberOfMessage('conn_n', wamid)).toBeNull();
        await store.events.append(
          newEvent({ connectionId: 'conn_n', whatsappMessageId: wamid, whatsappNumber: null }),
        );
        await store.events.append(
          newEvent({ connectionId: 'conn_n', whatsappMessageId: wamid, whatsappNumber: '4915112345678' }),
        );
        expect(await store.events.numberOfMessage('conn_n', wamid)).toBe('4915112345678');
        expect(await store.events.numberOfMessage('conn_other', wamid)).toBeNull();
      });

      it('prunes what was received before a time and keeps counting after', async () => {
        const acc = `acc_${randomUUID()}`;
        const start = await store.events.latestSequence({ accountId: acc });
        await store.events.append(newEvent({ accountId: acc, receivedAt: '1999-01-01T00:00:00.000000Z' }));
        await store.events.append(newEvent({ accountId: acc, receivedAt: '1999-01-02T00:00:00.000000Z' }));
        expect(await store.events.prune('1999-01-02T00:00:00.000000Z')).toBeGreaterThanOrEqual(1);
        const left = await store.events.listAfter({ accountId: acc }, start, 10);
        expect(left.map((e) => e.receivedAt)).toEqual(['1999-01-02T00:00:00.000000Z']);
        const next = await store.events.append(newEvent({ accountId: acc }));
        expect(next.event.sequence).toBe(start + 3);
      });
    });

    describe('subscriptions', () => {
      const subscription = (overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord => {
        const id = `sub_${randomUUID()}`;
        return {
          id,
          accountId,
          keyId: 'key_a',
          url: 'https://hooks.example.wati.io/in',
          types: ['message.received', 'template.failed'],
          connections: null,
          sealedSecret: seal('whsec_c2VjcmV0', masterKey, `subscription:${id}`),
          status: 'active',
          cursor: 0,
          attempts: 0,
          failingSince: null,
          lastError: null,
          nextAttemptAt: 1_000,
          leaseUntil: 0,
          createdAt: t(0),
          ...overrides,
        };
      };
      // Claims far in the future, so that other tests' subscriptions in this store never interfere.
      const base = 9_000_000_000_000;

      it('stores every field, lists an account’s own oldest first, and deletes within the account', async () => {
        const first = subscription({ connections: ['conn_a'], types: [], createdAt: t(5) });
        const second = subscription({
          createdAt: t(6),
          cursor: 41,
          failingSince: t(7),
          lastError: 'HTTP 500',
        });
        const foreign = subscription({ accountId: otherAccount, createdAt: t(4) });
        for (const s of [second, first, foreign]) await store.subscriptions.create(s);
        expect(await store.subscriptions.get(accountId, first.id)).toEqual(first);
        expect(await store.subscriptions.get(accountId, foreign.id)).toBeUndefined();
        const mine = (await store.subscriptions.list(accountId)).filter((s) =>
          [first.id, second.id].includes(s.id),
        );
        expect(mine).toEqual([first, second]);
        expect(await store.subscriptions.delete(accountId, foreign.id)).toBe(false);
        expect(await store.subscriptions.delete(otherAccount, foreign.id)).toBe(true);
        expect(await store.subscriptions.delete(otherAccount, foreign.id)).toBe(false);
        for (const s of [first, second]) await store.subscriptions.delete(accountId, s.id);
      });

      it('claims only active, due subscriptions whose lease has ended, and leases them', async () => {
        const due = subscription({ nextAttemptAt: base });
        const later = subscription({ nextAttemptAt: base + 1 });
        const dead = subscription({ nextAttemptAt: base, status: 'dead' });
        const leased = subscription({ nextAttemptAt: base, leaseUntil: base + 1 });
        for (const s of [due, later, dead, leased]) await store.subscriptions.create(s);
        const ours = (claimed: SubscriptionRecord[]) =>
          claimed.filter((s) => [due, later, dead, leased].some((x) => x.id === s.id)).map((s) => s.id);
        const claimed = await store.subscriptions.claimDue(base, base + 60_000, 1000);
        expect(ours(claimed)).toEqual([due.id]);
        expect(claimed.find((s) => s.id === due.id)?.leaseUntil).toBe(base + 60_000);
        // A lease that has ended is free again; soonest due first.
        expect(ours(await store.subscriptions.claimDue(base + 1, base + 60_000, 1000))).toEqual([
          leased.id,
          later.id,
        ]);
        expect((await store.subscriptions.get(accountId, due.id))?.leaseUntil).toBe(base + 60_000);
        for (const s of [due, later, dead, leased]) await store.subscriptions.delete(accountId, s.id);
      });

      it('leases a subscription to one of two concurrent claims', async () => {
        const due = subscription({ nextAttemptAt: base + 10 });
        await store.subscriptions.create(due);
        const claims = await Promise.all(
          Array.from({ length: 4 }, () => store.subscriptions.claimDue(base + 10, base + 70_000, 1000)),
        );
        expect(claims.flat().filter((s) => s.id === due.id)).toHaveLength(1);
        await store.subscriptions.delete(accountId, due.id);
      });

      it('writes back delivery progress and releases the lease', async () => {
        const due = subscription({ nextAttemptAt: base + 20 });
        await store.subscriptions.create(due);
        await store.subscriptions.claimDue(base + 20, base + 80_000, 1000);
        const change = {
          status: 'dead' as const,
          cursor: 9_007_199_254_740,
          attempts: 12,
          failingSince: t(8),
          lastError: 'no answer within 10 s',
          nextAttemptAt: base + 600_000,
          leaseUntil: 0,
        };
        const deadBefore = await store.subscriptions.countDead();
        expect(
          await store.subscriptions.update(due.id, change, { leaseUntil: base + 80_000, cursor: 0 }),
        ).toBe(true);
        expect(await store.subscriptions.get(accountId, due.id)).toEqual({ ...due, ...change });
        expect(await store.subscriptions.countDead()).toBe(deadBefore + 1);
        await store.subscriptions.delete(accountId, due.id);
        expect(await store.subscriptions.countDead()).toBe(deadBefore);
      });

      it('claims only subscriptions with events of their account after their cursor', async () => {
        const acc = `acc_${randomUUID()}`;
        const idle = subscription({ accountId: acc, nextAttemptAt: base + 50 });
        await store.subscriptions.create(idle);
        const mine = async (at: number) =>
          (await store.subscriptions.claimDue(at, at + 1, 1000)).filter((s) => s.id === idle.id);
        expect(await mine(base + 50)).toEqual([]);
        await store.events.append({
          accountId: acc,
          connectionId: 'c1',
          dedupeKey: randomUUID(),
          type: 'message.received',
          watiEventType: 'message',
          whatsappNumber: null,
          watiMessageId: null,
          whatsappMessageId: null,
          occurredAt: null,
          receivedAt: t(0),
          body: '{}',
        });
        expect(await mine(base + 51)).toHaveLength(1);
        await store.subscriptions.delete(acc, idle.id);
      });

      it('lets a replay win over the write-back of a round that held the lease before it', async () => {
        const sub = subscription({ nextAttemptAt: base + 30, cursor: 5 });
        await store.subscriptions.create(sub);
        const [claimed] = (await store.subscriptions.claimDue(base + 30, base + 90_000, 1000)).filter(
          (s) => s.id === sub.id,
        );
        const lease = defined(claimed).leaseUntil;
        // The replay keeps the lease (the round in flight still owns delivery) and moves the cursor.
        const replay = {
          status: 'active' as const,
          cursor: 0,
          attempts: 0,
          failingSince: null,
          lastError: null,
          nextAttemptAt: base + 31,
          leaseUntil: lease,
        };
        expect(await store.subscriptions.update(sub.id, replay)).toBe(true);
        const roundWriteBack = { ...replay, cursor: 77, nextAttemptAt: base + 40, leaseUntil: 0 };
        expect(
          await store.subscriptions.update(sub.id, roundWriteBack, { leaseUntil: lease, cursor: 5 }),
        ).toBe(false);
        expect((await store.subscriptions.get(accountId, sub.id))?.cursor).toBe(0);
        // The round then only gives its lease back; another's lease is never released.
        await store.subscriptions.release(sub.id, lease + 1);
        expect((await store.subscriptions.get(accountId, sub.id))?.leaseUntil).toBe(lease);
        await store.subscriptions.release(sub.id, lease);
        expect(await store.subscriptions.get(accountId, sub.id)).toMatchObject({ leaseUntil: 0, cursor: 0 });
        await store.subscriptions.delete(accountId, sub.id);
      });

      it('lists and reseals sealed secrets for key rotation', async () => {
        const sub = subscription();
        await store.subscriptions.create(sub);
        const listed = (await store.subscriptions.listSealed()).find((r) => r.id === sub.id);
        expect(listed).toEqual({ id: sub.id, sealedSecret: sub.sealedSecret });
        const newKey = randomBytes(32);
        await store.subscriptions.reseal(sub.id, seal('whsec_c2VjcmV0', newKey, `subscription:${sub.id}`));
        const again = defined(await store.subscriptions.get(accountId, sub.id), 'the subscription');
        expect(again.sealedSecret.keyId).toBe(keyIdOf(newKey));
        expect(open(again.sealedSecret, newKey, `subscription:${sub.id}`)).toBe('whsec_c2VjcmV0');
        await store.subscriptions.delete(accountId, sub.id);
      });
    });

    describe('inboundHooks', () => {
      const hook = (overrides: Partial<InboundHookRecord> = {}): InboundHookRecord => ({
        hash: randomBytes(32).toString('hex'),
        prefix: 'whk_abcd',
        connectionId: `conn_${randomUUID()}`,
        accountId,
        apiEndpoint: 'https://live-mt-server.wati.io/123',
        setup: 'registered',
        reason: null,
        createdAt: t(0),
        ...overrides,
      });

      it('keeps one hook per connection, found by prefix', async () => {
        const first = hook({ prefix: `whk_${randomUUID().slice(0, 8)}` });
        await store.inboundHooks.put(first);
        expect(await store.inboundHooks.findByPrefix(first.prefix)).toEqual([first]);
        expect(await store.inboundHooks.forConnection(first.connectionId)).toEqual(first);
        const replaced = hook({
          connectionId: first.connectionId,
          prefix: first.prefix,
          setup: 'manual',
          reason: 'WATI answered 403',
        });
        await store.inboundHooks.put(replaced);
        expect(await store.inboundHooks.findByPrefix(first.prefix)).toEqual([replaced]);
        await store.inboundHooks.deleteForConnection(first.connectionId);
        expect(await store.inboundHooks.forConnection(first.connectionId)).toBeUndefined();
      });
    });
  });
}
