/**
 * Sends a request to a gateway app in process, through the same request listener its HTTP server
 * uses (the front door, server/front-door.ts): `/wati/…` reaches the data plane exactly as it
 * does over a socket, everything else Fastify. Use it instead of Fastify's own `app.inject`, which
 * enters Fastify's router directly and so never reaches the data plane.
 */
import type { FastifyInstance } from 'fastify';
import lightMyRequest from 'light-my-request';

export type InjectOptions = lightMyRequest.InjectOptions;
export type InjectResponse = lightMyRequest.Response;

export async function inject(app: FastifyInstance, options: InjectOptions | string): Promise<InjectResponse> {
  await app.ready();
  const [listener] = app.server.listeners('request');
  if (typeof listener !== 'function') throw new Error('The app’s server has no request listener');
  return lightMyRequest(listener as lightMyRequest.DispatchFunc, options);
}
