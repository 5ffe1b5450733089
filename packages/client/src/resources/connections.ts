/**
 * `client.connections` (gateway mode): the WATI accounts connected to this gateway account.
 * The seed's `GET/POST /connections`, `GET/DELETE /connections/{id}`.
 */
import { z } from 'zod';
import {
  type Connection,
  CreateConnectionParams,
  connectionAnswer,
  connectionListAnswer,
  ListConnectionsParams,
} from '../control-schemas.js';
import { type ControlRequest, checkParams } from '../create-control-request.js';
import type { RequestOptions } from '../create-transport.js';

const id = (value: string) => encodeURIComponent(checkParams('connection id', z.string().min(1), value));

export function createConnections(request: ControlRequest) {
  return {
    /** Connections of the key's account, optionally filtered (`GET /connections?app=&status=`). */
    async list(params: ListConnectionsParams = {}, options?: RequestOptions): Promise<Connection[]> {
      const filters = checkParams('connections.list', ListConnectionsParams, params);
      const query = new URLSearchParams(
        Object.entries(filters).filter((e): e is [string, string] => e[1] !== undefined),
      );
      const qs = query.toString() === '' ? '' : `?${query.toString()}`;
      return (await request(connectionListAnswer, 'GET', `/connections${qs}`, undefined, options))
        .connections;
    },
    /** Starts a connection; open the returned `url` to finish it (`POST /connections`). */
    async create(
      params: CreateConnectionParams = { app: 'wati' },
      options?: RequestOptions,
    ): Promise<Connection> {
      const body = checkParams('connections.create', CreateConnectionParams, params);
      return (await request(connectionAnswer, 'POST', '/connections', body, options)).connection;
    },
    /** One connection (`GET /connections/{id}`). */
    async get(connectionId: string, options?: RequestOptions): Promise<Connection> {
      return (await request(connectionAnswer, 'GET', `/connections/${id(connectionId)}`, undefined, options))
        .connection;
    },
    /** Revokes a connection at once and erases its stored WATI token (`DELETE /connections/{id}`). */
    async delete(connectionId: string, options?: RequestOptions): Promise<void> {
      await request(z.unknown(), 'DELETE', `/connections/${id(connectionId)}`, undefined, options);
    },
  };
}

export type ConnectionsResource = ReturnType<typeof createConnections>;
