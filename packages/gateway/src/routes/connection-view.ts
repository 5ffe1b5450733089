/** A connection as the control plane shows it: the seed's fields, never a secret. */
import type { ConnectionRecord } from '../store/store.js';

export interface ConnectionView {
  connection_id: string;
  status: ConnectionRecord['status'];
  creation_time: string;
  last_updated_time: string;
  url: string;
  app: string;
  metadata: Record<string, unknown>;
}

export function connectionView(connection: ConnectionRecord, url: string): ConnectionView {
  return {
    connection_id: connection.connectionId,
    status: connection.status,
    creation_time: connection.creationTime,
    last_updated_time: connection.lastUpdatedTime,
    url,
    app: connection.app,
    metadata:
      connection.failureReason === null
        ? connection.metadata
        : { ...connection.metadata, failure_reason: connection.failureReason },
  };
}
