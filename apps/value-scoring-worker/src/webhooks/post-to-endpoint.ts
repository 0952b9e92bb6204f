import {
  checkedLookup,
  DestinationRefused,
  type OutboundPolicy,
  refusalOfUrl,
} from '@loyalty/platform';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface EndpointAnswer {
  readonly statusCode: number;
}

/** Why an attempt failed, in words that say nothing about what listens where. */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null,
    /** The destination itself is refused: retrying cannot help. */
    readonly refused = false,
  ) {
    super(message);
    this.name = 'DeliveryFailed';
  }
}

const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'the endpoint refused the connection',
  ECONNRESET: 'the endpoint closed the connection',
  ENOTFOUND: 'the endpoint host does not resolve',
  EAI_AGAIN: 'the endpoint host does not resolve',
  ETIMEDOUT: 'the endpoint did not answer in time',
  EHOSTUNREACH: 'the endpoint is unreachable',
  ENETUNREACH: 'the endpoint is unreachable',
};

/**
 * POSTs a body to a program's endpoint. The URL is checked again (an endpoint registered before a
 * rule tightened, or a host whose DNS now points inside), the connection goes only to addresses
 * checked by its own lookup, and a redirect is an answer like any other non-2xx: not followed.
 * Failures are described generically so the delivery log cannot map a network.
 */
export function postToEndpoint(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy,
  timeoutMs: number,
): Promise<EndpointAnswer> {
  const refusal = refusalOfUrl(url, policy);
  if (refusal)
    return Promise.reject(new DeliveryFailed(`destination not allowed: ${refusal}`, null, true));
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: checkedLookup(policy),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (answer) => {
        answer.resume();
        const statusCode = answer.statusCode ?? 0;
        answer.on('end', () =>
          statusCode >= 200 && statusCode < 300
            ? resolve({ statusCode })
            : reject(new DeliveryFailed(`the endpoint answered ${statusCode}`, statusCode)),
        );
        answer.on('error', () =>
          reject(new DeliveryFailed('the endpoint closed the connection', statusCode)),
        );
      },
    );
    outgoing.on('error', (error: Error & { code?: string }) => {
      if (error instanceof DestinationRefused) {
        return reject(new DeliveryFailed(`destination not allowed: ${error.message}`, null, true));
      }
      if (error.name === 'AbortError' || error.name === 'TimeoutError') {
        return reject(new DeliveryFailed('the endpoint did not answer in time', null));
      }
      const known = error.code ? NETWORK_ERRORS[error.code] : undefined;
      reject(new DeliveryFailed(known ?? 'the delivery failed on the network or TLS', null));
    });
    outgoing.end(body);
  });
}
