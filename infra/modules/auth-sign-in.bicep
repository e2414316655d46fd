// Sign-in for the auth app in Azure: the Entra External ID app registration's client secret is a
// secret in the auth service's own vault (auth-keys.bicep), read by the app through a Key Vault
// reference app setting (function-app.bicep). This module gives the auth app's identity
// "Key Vault Secrets User" on that vault and names the secret's versionless URI.
//
// The secret itself is not declared here: its value is created in the Entra admin center (the
// Microsoft Graph Bicep types cannot create application passwords) and set with
// `az keyvault secret set` (docs/deploy.md, "Sign-in with Entra External ID"), so it never passes
// through a deployment's parameters or azd's environment files. A role assignment can only be scoped
// to a resource that exists when the template deploys, so the role is on the vault; the vault holds
// nothing else readable as a secret (the signing key is a non-exportable key, not a secret).
//
// Reference syntax, versionless URI, rotation within 24 h, unresolved reference = literal value:
//   https://learn.microsoft.com/azure/app-service/app-service-key-vault-references
// Role: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security#key-vault-secrets-user
//       (4633458b-17de-408a-b874-0445c86b69e6: read secret contents)

@description('The auth service\'s Key Vault (auth-keys.bicep).')
param vaultName string

@description('The auth app identity principal id.')
param authPrincipalId string

@description('Name of the secret holding the app registration\'s client secret.')
param clientSecretName string = 'auth-client-secret'

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, authPrincipalId, keyVaultSecretsUser)
  properties: {
    principalId: authPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

// Versionless (ends in `/`): the app uses the latest version and picks up a new one within 24 hours,
// or at once on any configuration change (a restart).
output clientSecretUri string = '${vault.properties.vaultUri}secrets/${clientSecretName}/'
output clientSecretName string = clientSecretName
