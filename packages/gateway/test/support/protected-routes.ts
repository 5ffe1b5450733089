/**
 * Every route that needs a key, with the scope it needs. The shared unauthenticated-access check
 * (auth.test.ts) runs each one; a new protected route must be added here.
 */
import type { KeyScope as Scope } from '@watigate/spec';

export interface ProtectedRoute {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  scope: Scope;
  payload?: unknown;
}

export const protectedRoutes: ProtectedRoute[] = [
  { method: 'GET', url: '/connections', scope: 'connections' },
  { method: 'POST', url: '/connections', scope: 'connections', payload: { app: 'wati' } },
  { method: 'GET', url: '/connections/6f1c7a52-0d52-4a4c-9a8e-1c2b3d4e5f60', scope: 'connections' },
  { method: 'DELETE', url: '/connections/6f1c7a52-0d52-4a4c-9a8e-1c2b3d4e5f60', scope: 'connections' },
  { method: 'GET', url: '/keys', scope: 'admin' },
  { method: 'POST', url: '/keys', scope: 'admin', payload: { scopes: ['wati:read'] } },
  { method: 'DELETE', url: '/keys/key_x', scope: 'admin' },
  { method: 'GET', url: '/audit', scope: 'admin' },
  { method: 'GET', url: '/subscriptions', scope: 'events:read' },
  {
    method: 'POST',
    url: '/subscriptions',
    scope: 'events:read',
    payload: { url: 'https://hooks.wati.io/in' },
  },
  { method: 'GET', url: '/subscriptions/sub_x', scope: 'events:read' },
  { method: 'DELETE', url: '/subscriptions/sub_x', scope: 'events:read' },
  { method: 'POST', url: '/subscriptions/sub_x/replay', scope: 'events:read', payload: { after: 'evt_0' } },
  { method: 'GET', url: '/wati/api/v1/getContacts?pageSize=10&pageNumber=1', scope: 'wati:read' },
  { method: 'POST', url: '/wati/api/v1/sendSessionMessage/14155551234?messageText=hi', scope: 'wati:send' },
];
