import { bakeryUserId, identityFrom } from './identity';
import { safeReturnTo } from './return-to';

describe('identityFrom', () => {
  it('derives a stable user id per (issuer, subject)', () => {
    const a = identityFrom({ iss: 'https://idp', sub: 'sam', name: 'Sam' });
    expect(a).toEqual({ userId: bakeryUserId('https://idp', 'sam'), name: 'Sam', roles: [] });
    expect(identityFrom({ iss: 'https://idp', sub: 'sam' }).userId).toBe(a.userId);
    expect(identityFrom({ iss: 'https://other', sub: 'sam' }).userId).not.toBe(a.userId);
    expect(identityFrom({ iss: 'https://idp', sub: 'sam2' }).userId).not.toBe(a.userId);
  });

  it('keeps only the roles the bakery knows, from the roles claim', () => {
    expect(identityFrom({ iss: 'i', sub: 's', roles: ['staff', 'Admin'] }).roles).toEqual(['staff']);
    expect(identityFrom({ iss: 'i', sub: 's', roles: 'staff' }).roles).toEqual([]);
    expect(identityFrom({ iss: 'i', sub: 's' }).roles).toEqual([]);
  });

  it('names the user from name, then preferred_username, then the subject', () => {
    expect(identityFrom({ iss: 'i', sub: 's', preferred_username: 'sam@x' }).name).toBe('sam@x');
    expect(identityFrom({ iss: 'i', sub: 's', name: ' ' }).name).toBe('s');
  });

  it('refuses claims without issuer or subject', () => {
    expect(() => identityFrom({ sub: 's' })).toThrow(/issuer or subject/);
    expect(() => identityFrom({ iss: 'i', sub: '' })).toThrow(/issuer or subject/);
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/orders/42?tab=items#top', '/orders/42?tab=items#top'],
    ['/a/../b', '/b'],
  ])('keeps the same-origin path %s', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it.each([
    undefined,
    '',
    'https://evil.example/',
    'javascript:alert(1)',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    '/\t/evil.example',
    'evil.example',
    `/${'a'.repeat(3000)}`,
  ])('falls back to / for %p', (input) => {
    expect(safeReturnTo(input)).toBe('/');
  });
});
