// The bakery's app registration in the Entra External ID (external) tenant, with its `staff` app
// role: deployed on its own, at tenant scope, signed in to the external tenant — NOT by `azd up`
// (main.bicep deploys to the subscription's workforce tenant; the customers' tenant is another one).
// docs/deploy.md, "Sign-in with Entra External ID", has the commands and the steps that stay manual
// (the client secret, assigning staff, the user flow).
//
// Microsoft Graph Bicep (GA since July 2025, types v1.0:1.0.0, Bicep >= 0.36.1):
//   https://learn.microsoft.com/graph/templates/bicep/whats-new
// Tenant-scoped deployment of Graph-only templates, for external tenants without a subscription:
//   https://learn.microsoft.com/graph/templates/bicep/how-to-deploy-without-azure-sub
// Application passwords (passwordCredentials) are not supported by the Bicep types:
//   https://learn.microsoft.com/graph/templates/bicep/limitations
// Resource types: https://learn.microsoft.com/graph/templates/reference/overview

targetScope = 'tenant'

extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@description('The client-provided key that identifies the registration across redeployments.')
param uniqueName string = 'bakery-auth'

param displayName string = 'Bakery'

@description('The auth app\'s callback, as main.bicep outputs it (AUTH_REDIRECT_URI).')
param redirectUri string

// App role ids must be GUIDs that never change: derived from the registration's key.
var staffRoleId = guid(uniqueName, 'app-role', 'staff')
var microsoftGraphAppId = '00000003-0000-0000-c000-000000000000'

resource bakeryApp 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: uniqueName
  displayName: displayName
  // External tenants: accounts in this organizational directory only (the tenant's customers).
  signInAudience: 'AzureADMyOrg'
  web: {
    redirectUris: [
      redirectUri
    ]
  }
  // The `roles` claim of the ID token carries the app roles assigned to the user; the auth service
  // maps `staff` (functions/auth/sign-in/identity.ts), the same code that reads the local provider's.
  appRoles: [
    {
      id: staffRoleId
      value: 'staff'
      displayName: 'Staff'
      description: 'Bakery staff: the staff endpoints (books, stock, takings).'
      allowedMemberTypes: [
        'User'
      ]
      isEnabled: true
    }
  ]
}

resource bakeryPrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = {
  appId: bakeryApp.appId
}

resource microsoftGraph 'Microsoft.Graph/servicePrincipals@v1.0' existing = {
  appId: microsoftGraphAppId
}

// Admin consent for the sign-in scopes MSAL asks for (customers cannot consent themselves).
resource signInConsent 'Microsoft.Graph/oauth2PermissionGrants@v1.0' = {
  clientId: bakeryPrincipal.id
  resourceId: microsoftGraph.id
  consentType: 'AllPrincipals'
  scope: 'openid profile offline_access'
}

@description('AUTH_CLIENT_ID for main.bicep (authClientId).')
output clientId string = bakeryApp.appId
output servicePrincipalId string = bakeryPrincipal.id
output staffRoleId string = staffRoleId
