// The auth service's access-token signing key: an EC P-256 key in a Key Vault with Azure RBAC
// authorization (no access policies). The auth app's identity gets "Key Vault Crypto User" on the key
// only: it reads the public parts (JWKS) and calls sign with ES256; the private key never leaves the
// vault (functions/auth/signing/key-vault-keys.ts).
// Vault: https://learn.microsoft.com/azure/templates/microsoft.keyvault/vaults
// Key:   https://learn.microsoft.com/azure/templates/microsoft.keyvault/vaults/keys (kty EC, curveName P-256)
// Role:  https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-crypto-user
//        (12338af0-0e69-4776-bea7-57ae8d297424: perform cryptographic operations using keys)

@description('Key Vault name (3-24 alphanumerics and dashes, globally unique).')
param vaultName string
param location string = resourceGroup().location
param tags object = {}
@description('The auth app identity principal id.')
param authPrincipalId string
@description('Name of the signing key (the app setting AUTH_SIGNING_KEY_NAME).')
param keyName string = 'access-tokens'

var keyVaultCryptoUser = '12338af0-0e69-4776-bea7-57ae8d297424'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
  parent: vault
  name: keyName
  properties: {
    kty: 'EC'
    curveName: 'P-256'
    keyOps: [
      'sign'
      'verify'
    ]
    attributes: {
      enabled: true
      exportable: false
    }
    // A new version every 90 days; the JWKS keeps publishing the previous enabled versions.
    rotationPolicy: {
      lifetimeActions: [
        {
          action: { type: 'rotate' }
          trigger: { timeAfterCreate: 'P90D' }
        }
      ]
    }
  }
}

resource cryptoUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: key
  name: guid(key.id, authPrincipalId, keyVaultCryptoUser)
  properties: {
    principalId: authPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCryptoUser)
  }
}

output vaultUri string = vault.properties.vaultUri
output keyName string = key.name
