import lightMyRequest from 'light-my-request';
import { describe, expect, it } from 'vitest';
import type { RequestObservation } from '../observability/observe-request.js';
import { createFrontDoor } from './front-door.js';

function door() {
  const observed: Array<Pick<RequestObservation, 'route' | 'status' | 'requestId'>> = [];
  const frontDoor = createFrontDoor({
    data: (_req, res) => res.end('data plane'),
    control: (_req, res) => res.end('control plane'),
    requestIds: () => 'req_AAAAAAAAAAAAAAAA',
    observe: ({ route, status, requestId }) => observed.push({ route, status, requestId }),
  });
  return { frontDoor, observed };
}

describe('createFrontDoor', () => {
  it('hands /wati/ to the data plane and everything else to the control plane', async () => {
    const { frontDoor } = door();
    expect((await lightMyRequest(frontDoor.handle, '/wati/api/v1/getContacts')).body).toBe('data plane');
    expect((await lightMyRequest(frontDoor.handle, '/keys')).body).toBe('control plane');
    expect((await lightMyRequest(frontDoor.handle, '/watinot')).body).toBe('control plane');
  });

  it('answers every request 503 in the gateway’s error body once closing, and counts it', async () => {
    const { frontDoor, observed } = door();
    frontDoor.close();
    for (const [url, route] of [
      ['/wati/api/v1/getContacts', '/wati/*'],
      ['/connections', 'unmatched'],
    ] as const) {
      const res = await lightMyRequest(frontDoor.handle, url);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        error: {
          code: 'service_unavailable',
          message: 'The gateway is shutting down; retry shortly',
          requestId: 'req_AAAAAAAAAAAAAAAA',
          details: [],
        },
      });
      expect(res.headers).toMatchObject({
        'retry-after': '1',
        connection: 'close',
        'x-request-id': 'req_AAAAAAAAAAAAAAAA',
      });
      expect(observed.at(-1)).toEqual({ route, status: 503, requestId: 'req_AAAAAAAAAAAAAAAA' });
    }
  });
});
