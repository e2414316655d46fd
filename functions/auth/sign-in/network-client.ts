import * as https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * MSAL's HTTP client (`system.networkClient`) trusting extra certificates as well as Node's own: the
 * local identity provider's self-signed one (AUTH_CA_FILE, local only). Only MSAL's requests use it;
 * TLS verification stays on everywhere (no NODE_TLS_REJECT_UNAUTHORIZED).
 */
export function networkClientTrusting(ca: string, timeoutMs = 10_000): INetworkModule {
  const agent = new https.Agent({ ca: [...tlsRootCertificates(), ca], keepAlive: true });
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) =>
    new Promise<NetworkResponse<T>>((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') {
        reject(new Error(`MSAL asked for a non-HTTPS URL: ${target.origin}`));
        return;
      }
      const request = https.request(
        target,
        { method, agent, headers: options?.headers, timeout: timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = text === '' ? {} : JSON.parse(text);
            } catch {
              body = { error: 'invalid_response', error_description: text.slice(0, 200) };
            }
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers))
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            resolve({ status: response.statusCode ?? 0, headers, body: body as T });
          });
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`MSAL request to ${target.origin} timed out`)));
      request.on('error', reject);
      if (options?.body !== undefined) request.write(options.body);
      request.end();
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function tlsRootCertificates(): readonly string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node:tls's rootCertificates, read once
  return (require('node:tls') as typeof import('node:tls')).rootCertificates;
}
