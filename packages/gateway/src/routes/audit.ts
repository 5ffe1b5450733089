/** `GET /audit?limit=&cursor=`: the account's audit log, newest first (admin scope). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GatewayError } from '../errors/gateway-error.js';
import { parseInput } from '../errors/parse-input.js';
import { InvalidCursorError } from '../store/sql-audit.js';
import type { RouteContext } from './route-context.js';

const query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export function registerAuditRoutes(app: FastifyInstance, { deps, auth }: RouteContext): void {
  app.get('/audit', async (request) => {
    const { accountId } = await auth.authenticate(request, 'admin');
    const { limit, cursor } = parseInput(query, request.query, 'query');
    try {
      const page = await deps.store.audit.list(
        accountId,
        cursor === undefined ? { limit } : { limit, cursor },
      );
      return {
        entries: page.entries.map((e) => ({
          id: e.id,
          key_id: e.keyId,
          action: e.action,
          endpoint: e.endpoint,
          connection_id: e.connectionId,
          status: e.status,
          recipient: e.recipientMasked,
          created_at: e.createdAt,
        })),
        next_cursor: page.nextCursor,
      };
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new GatewayError('invalid_request', 'The request query is not valid; see details', {
          details: [{ field: 'query.cursor', message: error.message }],
        });
      }
      throw error;
    }
  });
}
