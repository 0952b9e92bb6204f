import fc from 'fast-check';
import {
  checkedLookup,
  DestinationRefused,
  refusalOfAddress,
  refusalOfDestination,
  refusalOfUrl,
} from './outbound-destination';

const DEVELOPMENT = { allowLoopback: false, requireHttps: false };
const LOCAL_RECEIVER = { allowLoopback: true, requireHttps: false };
const PRODUCTION = { allowLoopback: false, requireHttps: true };

describe('outbound destinations (webhook endpoints)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'metadata'],
    ['0.0.0.0', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['fd00:ec2::254', 'metadata'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'private'],
    ['64:ff9b::a9fe:a9fe', 'private'],
    ['2002:7f00:1::', 'private'],
  ])('refuses %s', (address, kind) => {
    expect(refusalOfAddress(address, DEVELOPMENT)).toContain(
      kind === 'loopback' ? 'loopback' : 'private',
    );
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111'])(
    'allows the public address %s',
    (address) => {
      expect(refusalOfAddress(address, DEVELOPMENT)).toBeNull();
    },
  );

  it('refuses every address of the private IPv4 ranges', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.constant(10), octet, octet, octet),
          fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), octet, octet),
          fc.tuple(fc.constant(192), fc.constant(168), octet, octet),
          fc.tuple(fc.constant(169), fc.constant(254), octet, octet),
          fc.tuple(fc.constant(127), octet, octet, octet),
        ),
        (parts) => refusalOfAddress(parts.join('.'), DEVELOPMENT) !== null,
      ),
    );
  });

  it('lets a development machine deliver to loopback only when told to, never to a private range', () => {
    expect(refusalOfAddress('127.0.0.1', LOCAL_RECEIVER)).toBeNull();
    expect(refusalOfAddress('::1', LOCAL_RECEIVER)).toBeNull();
    expect(refusalOfAddress('10.0.0.1', LOCAL_RECEIVER)).not.toBeNull();
    expect(refusalOfAddress('169.254.169.254', LOCAL_RECEIVER)).not.toBeNull();
  });

  it.each([
    ['http://crm.example.com/hook', PRODUCTION, 'it must use https'],
    ['ftp://crm.example.com/hook', DEVELOPMENT, 'it must use https or http'],
    ['https://user:secret@crm.example.com/hook', PRODUCTION, 'user name or password'],
    ['http://127.0.0.1:6379/', DEVELOPMENT, 'loopback'],
    ['http://[::1]:3001/', DEVELOPMENT, 'loopback'],
    ['http://localhost:3001/', DEVELOPMENT, 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', DEVELOPMENT, 'metadata'],
    ['http://[::ffff:7f00:1]/', DEVELOPMENT, 'loopback'],
    ['http://[::ffff:a9fe:a9fe]/', DEVELOPMENT, 'metadata'],
  ])('refuses the URL %s', (url, policy, reason) => {
    expect(refusalOfUrl(url, policy)).toContain(reason);
  });

  it('allows an https URL of a public host', () => {
    expect(refusalOfUrl('https://crm.example.com/loyalty-events', PRODUCTION)).toBeNull();
  });

  it('resolves a name and refuses it when it resolves to loopback', async () => {
    expect(await refusalOfDestination('http://localhost./hook', DEVELOPMENT)).toMatch(
      /loopback|does not resolve/,
    );
    const refused = await new Promise<Error | null>((resolve) =>
      checkedLookup(DEVELOPMENT)('localhost', { all: true }, (error) => resolve(error)),
    );
    expect(refused).toBeInstanceOf(DestinationRefused);
    expect(refused?.message).toContain('localhost resolves to');
    const allowed = await new Promise<Error | null>((resolve) =>
      checkedLookup(LOCAL_RECEIVER)('localhost', { all: true }, (error) => resolve(error)),
    );
    expect(allowed).toBeNull();
  });
});
