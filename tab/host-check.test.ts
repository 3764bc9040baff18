import { isLoopbackHost } from './host-check';

describe('isLoopbackHost (the Host header of a local-mode request)', () => {
  it.each(['127.0.0.1', '127.0.0.1:3978', 'localhost', 'LOCALHOST:56150', '[::1]', '[::1]:3978'])(
    'accepts %s',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each([
    undefined,
    '',
    'attacker.example',
    'attacker.example:3978',
    'localhost.attacker.example',
    '127.0.0.1.nip.io:3978',
    'localhost:3978@attacker.example',
    '::1',
    '[::1]x',
    '127.0.0.1:',
    '127.0.0.1:99999999',
    '0.0.0.0:3978',
  ])('refuses %s', (host) => expect(isLoopbackHost(host)).toBe(false));
});
