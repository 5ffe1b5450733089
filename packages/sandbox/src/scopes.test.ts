import { describe, expect, it } from 'vitest';
import { scopeAllows } from './scopes.js';

describe('scopeAllows', () => {
  it('allows everything when the token has no scope list', () => {
    expect(scopeAllows(undefined, 'contactsv3:*')).toBe(true);
  });
  it('allows an operation that needs no scope, whatever the list', () => {
    expect(scopeAllows([], undefined)).toBe(true);
  });
  it('allows the exact scope and refuses an empty list', () => {
    expect(scopeAllows(['messagetemplatev3:write'], 'messagetemplatev3:write')).toBe(true);
    expect(scopeAllows([], 'messagetemplatev3:write')).toBe(false);
  });
  it('lets family:* cover any scope of the family, and only that family', () => {
    expect(scopeAllows(['contactsv3:*'], 'contactsv3:write')).toBe(true);
    expect(scopeAllows(['contactsv3:*'], 'contactsv3:*')).toBe(true);
    expect(scopeAllows(['contactsv3:*'], 'conversationsv3:*')).toBe(false);
  });
  it('does not let a narrower scope cover a family-wide need', () => {
    expect(scopeAllows(['contactsv3:read'], 'contactsv3:*')).toBe(false);
  });
  it('lets * cover every scope', () => {
    expect(scopeAllows(['*'], 'conversationsv3:*')).toBe(true);
  });
});
