import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChainedTokenCredential, ManagedIdentityCredential } from '@azure/identity';
import { azureCredential } from './infrastructure';

describe('azureCredential', () => {
  it("is exactly the app's user-assigned managed identity when a client id is configured", () => {
    const credential = azureCredential({
      kind: 'managed-identity',
      clientId: '0b6f1f2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(credential).toBeInstanceOf(ManagedIdentityCredential);
  });

  it("is the developer's CLI sign-in (az, then azd) without one, never a probe of everything", () => {
    expect(azureCredential({ kind: 'developer' })).toBeInstanceOf(ChainedTokenCredential);
  });

  it('leaves DefaultAzureCredential out of the composition root', () => {
    const source = fs.readFileSync(path.join(__dirname, 'infrastructure.ts'), 'utf8');
    expect(source).not.toMatch(/DefaultAzureCredential\s*\(/);
  });
});
