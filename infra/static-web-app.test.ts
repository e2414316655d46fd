import * as path from 'node:path';
import { resourceTypes } from './bicep-text';
import { code, infra, mainBicep } from './infra-test-kit';
import { apiOriginSetting, staticWebAppConfig } from '../scripts/build-web';
import { CONTENT_SECURITY_POLICY, IMMUTABLE_CACHE, REVALIDATE_CACHE } from '../local/host/static-site';

/** The storefront on Azure Static Web Apps (Free), as text: no Bicep CLI here (docs/deploy.md). */
describe('infra/modules/static-web-app.bicep', () => {
  const swa = code(path.join(infra, 'modules/static-web-app.bicep'));

  it('declares one static site on the Free plan, tagged for azd service `web`, with no repository link', () => {
    expect(resourceTypes(swa)).toEqual(['Microsoft.Web/staticSites@2024-04-01']);
    expect(swa).toMatch(/sku:\s*\{\s*name:\s*'Free'\s*tier:\s*'Free'\s*\}/);
    expect(swa).toMatch(/'azd-service-name':\s*'web'/);
    expect(swa).toMatch(/provider:\s*'None'/);
    expect(swa).not.toMatch(/repositoryUrl|repositoryToken|linkedBackends|userProvidedFunctionApps/);
  });

  it('is its own module of main.bicep, in a region that offers it, with its URL as an output', () => {
    expect(mainBicep).toMatch(/module web 'modules\/static-web-app\.bicep' = \{/);
    expect(mainBicep).toMatch(/location:\s*webLocation/);
    expect(mainBicep).toMatch(/param webLocation string = 'eastus2'/);
    expect(mainBicep).toMatch(/output WEB_URL string = 'https:\/\/\$\{web\.outputs\.defaultHostName\}'/);
  });
});

describe('staticwebapp.config.json (written by the build into dist/web)', () => {
  it('gives Azure the rules the local runtime applies: fallback to index.html, immutable assets, the same headers', () => {
    const config = staticWebAppConfig(undefined) as {
      navigationFallback: { rewrite: string; exclude: string[] };
      routes: { route: string; headers: Record<string, string> }[];
      globalHeaders: Record<string, string>;
    };
    expect(config.navigationFallback.rewrite).toBe('/index.html');
    expect(config.navigationFallback.exclude).toEqual(expect.arrayContaining(['/assets/*', '/api/*']));
    expect(config.routes).toEqual([
      { route: '/assets/*', headers: { 'cache-control': IMMUTABLE_CACHE } },
      { route: '/index.html', headers: { 'cache-control': REVALIDATE_CACHE } },
    ]);
    expect(config.globalHeaders['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('lets the page reach an API on another origin (and its WebSocket) only when built with one', () => {
    const csp = (
      staticWebAppConfig('https://api.bakery.example') as { globalHeaders: Record<string, string> }
    ).globalHeaders['content-security-policy'];
    expect(csp).toContain("connect-src 'self' ws: wss: https://api.bakery.example wss://api.bakery.example");
    expect(CONTENT_SECURITY_POLICY).not.toContain('bakery.example');
  });

  it('takes BAKERY_API_ORIGIN as an https origin only', () => {
    expect(apiOriginSetting(undefined)).toBeUndefined();
    expect(apiOriginSetting('')).toBeUndefined();
    expect(apiOriginSetting('https://api.bakery.example/')).toBe('https://api.bakery.example');
    expect(apiOriginSetting('http://127.0.0.1:7071')).toBe('http://127.0.0.1:7071');
    expect(() => apiOriginSetting('http://api.bakery.example')).toThrow(/https/);
    expect(() => apiOriginSetting('https://api.bakery.example/api')).toThrow(/origin only/);
    expect(() => apiOriginSetting('not a url')).toThrow();
  });
});
