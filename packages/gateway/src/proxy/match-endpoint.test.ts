import { registry, registryV3 } from '@watigate/spec';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors/gateway-error.js';
import { createEndpointMatcher } from './match-endpoint.js';

const match = createEndpointMatcher(registry, registryV3);

function refusal(method: string, path: string): GatewayError {
  try {
    match(method, path);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error(`${method} ${path} matched`);
}

describe('createEndpointMatcher', () => {
  it('matches v1/v2 paths to the v1/v2 registry, as before', () => {
    const { operation, pathParams } = match('GET', '/api/v1/getMessages/14155551234');
    expect(operation).toMatchObject({ id: 'getMessages', api: 'v1', kind: 'read', rateClass: 'messages' });
    expect(pathParams).toEqual({ whatsappNumber: '14155551234' });
    expect(match('POST', '/api/v2/sendTemplateMessages').operation.id).toBe('sendTemplateMessagesV2');
  });

  it('matches every v3 operation at its path, with decoded path parameters', () => {
    for (const op of registryV3.list) {
      const path = op.path.replace(/\{(\w+)\}/g, 'Ch%3A14155551234');
      const found = match(op.method, path);
      expect(found.operation.id, op.path).toBe(op.id);
      expect(found.operation.api).toBe('v3');
      for (const value of Object.values(found.pathParams)) expect(value).toBe('Ch:14155551234');
    }
  });

  it('prefers a literal segment over a parameter (/contacts/count is not the contact "count")', () => {
    expect(match('GET', '/api/ext/v3/contacts/count').operation.id).toBe('v3GetContactsCount');
    expect(match('GET', '/api/ext/v3/contacts/14155551234').operation.id).toBe('v3GetContactsByTarget');
  });

  it('answers an unknown v3 path 404 endpoint_not_supported, listing v1/v2 and v3 endpoints', () => {
    const error = refusal('GET', '/api/ext/v3/everything');
    expect(error.code).toBe('endpoint_not_supported');
    expect(error.message).toBe(
      'GET /wati/api/ext/v3/everything is not a supported WATI endpoint; see details',
    );
    expect(error.details).toContainEqual({
      message: 'GET /wati/api/v1/getContacts',
      operation: 'getContacts',
    });
    expect(error.details).toContainEqual({
      message: 'GET /wati/api/ext/v3/contacts/{target}',
      operation: 'v3GetContactsByTarget',
    });
    expect(error.details).toHaveLength(registry.list.length + registryV3.list.length);
    expect(refusal('GET', '/api/v1/getEverything').details).toEqual(error.details);
  });

  it('answers a known v3 path under another method 405 method_not_allowed', () => {
    const error = refusal('DELETE', '/api/ext/v3/contacts');
    expect(error.code).toBe('method_not_allowed');
    expect(error.message).toBe('DELETE is not supported on /wati/api/ext/v3/contacts');
    expect(error.details).toEqual([
      { message: 'POST /wati/api/ext/v3/contacts', operation: 'v3PostContacts' },
      { message: 'GET /wati/api/ext/v3/contacts', operation: 'v3GetContacts' },
      { message: 'PUT /wati/api/ext/v3/contacts', operation: 'v3PutContacts' },
    ]);
    expect(refusal('POST', '/api/ext/v3/contacts/14155551234').code).toBe('method_not_allowed');
  });

  it('does not match a v3 path outside /api/ext/v3 nor a v1 path under it', () => {
    expect(refusal('GET', '/api/ext/v3').code).toBe('endpoint_not_supported');
    expect(refusal('GET', '/api/ext/v3/api/v1/getContacts').code).toBe('endpoint_not_supported');
    expect(refusal('GET', '/api/v1/contacts').code).toBe('endpoint_not_supported');
  });
});
