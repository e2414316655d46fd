// The bakery on Azure, for `azd up` (see docs/deploy.md).
//
// One Function App per service, all from the same build: each app sets BAKERY_SERVICES=<service>.
// The list of services and the Cosmos DB containers each owns come from services.json (exactly the
// services functions/index.ts registers); the Service Bus topology comes from
// generated/servicebus-topology.json (written from the event catalog), cut down in servicebus.bicep
// to the topics and subscriptions those services use.
// Every app runs as its own user-assigned identity with data roles on its own resources only, and no
// app setting holds a secret.

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name: names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region for every resource; it must offer the Flex Consumption plan.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Node.js major version the apps run on (Flex Consumption runtime).')
@allowed([
  '20'
  '22'
])
param nodeVersion string = '22'

@description('Upper bound on instances per app (Flex Consumption scales each app from zero up to this). Flex accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance. 512 MB keeps every app of the design at its maximum within the default regional quota of 512,000 MB / 250 cores per subscription (docs/deploy.md); raise it only with the quota.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('Issuer the auth service writes into access tokens and every service requires.')
param authIssuer string = 'urn:bakery:auth'

@description('Audience every access token must carry.')
param authAudience string = 'urn:bakery:api'

@description('Entra External ID tenant subdomain: the authority is https://<subdomain>.ciamlogin.com/. Empty: the auth app has no sign-in (login answers 503). Set with authClientId, once the app registration exists (docs/deploy.md, "Sign-in with Entra External ID").')
param authTenantSubdomain string = ''

@description('Application (client) id of the bakery\'s app registration in that tenant (infra/entra/app-registration.bicep output clientId).')
param authClientId string = ''

var bakery = loadJsonContent('services.json')
var services = bakery.services
var serviceNames = map(services, s => s.name)
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Computed from the auth app's name so every app can be configured in the same pass. Empty while
// no auth app is deployed: the apps then answer 503 "sign-in is not configured" on protected routes
// at once, instead of resolving a host name that does not exist on every request.
var authJwksUrl = contains(serviceNames, 'auth') ? 'https://${appName('auth', resourceToken)}.azurewebsites.net/api/auth/jwks' : ''

func appName(service string, token string) string => 'func-${service}-${token}'

// Storage account names allow 24 lowercase letters and digits: 'st' + 9 + the 13-character token.
func storageName(service string, token string) string => 'st${take(service, 9)}${token}'

resource rg 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    appInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module identities 'modules/identities.bicep' = {
  name: 'identities'
  scope: rg
  params: {
    services: serviceNames
    resourceToken: resourceToken
    location: location
    tags: tags
  }
}

// Data Sender on the service's own topic, Data Owner (Manage, for the scale controller) on the subscriptions named after it.
module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: rg
  params: {
    namespaceName: 'sb-${resourceToken}'
    location: location
    tags: tags
    disableLocalAuth: true
    servicePrincipalIds: toObject(identities.outputs.list, entry => entry.service, entry => entry.principalId)
    deployedServices: serviceNames
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    accountName: 'cosmos-${resourceToken}'
    location: location
    tags: tags
    databaseName: bakery.database
    containers: concat(flatten(map(services, s => s.containers)), [bakery.leases])
  }
}

// One at a time: Cosmos DB refuses concurrent role-assignment writes on an account (412).
@batchSize(1)
module cosmosAccess 'modules/cosmos-access.bicep' = [for (service, i) in services: {
  name: 'cosmos-access-${service.name}'
  scope: rg
  params: {
    accountName: cosmos.outputs.accountName
    databaseName: cosmos.outputs.databaseName
    principalId: identities.outputs.list[i].principalId
    containerNames: concat(map(service.containers, c => c.name), [bakery.leases.name])
    dataContributorRoleId: cosmos.outputs.dataContributorRoleId
    metadataReaderRoleId: cosmos.outputs.metadataReaderRoleId
  }
}]

var authIndex = indexOf(serviceNames, 'auth')
// Sign-in needs the authority, the client id and the client secret together (shared/config/auth-settings.ts,
// authProblems): all three app settings or none.
var authSignInConfigured = authIndex >= 0 && !empty(authTenantSubdomain) && !empty(authClientId)
var authRedirectUri = authIndex >= 0 ? 'https://${appName('auth', resourceToken)}.azurewebsites.net/api/auth/callback' : ''

// The apps that publish live updates and answer GET /api/live/negotiate: menu (menu.changed) and
// sales (order.updated). Only their identities get a role on Web PubSub and the endpoint setting.
var liveServiceNames = filter(serviceNames, name => contains(['menu', 'sales'], name))
var liveHub = 'bakery'

module webPubSub 'modules/web-pubsub.bicep' = if (!empty(liveServiceNames)) {
  name: 'web-pubsub'
  scope: rg
  params: {
    name: 'wps-${resourceToken}'
    location: location
    tags: tags
    hubName: liveHub
    principalIds: map(filter(identities.outputs.list, entry => contains(liveServiceNames, entry.service)), entry => entry.principalId)
  }
}

// The auth service's signing key in Key Vault, only when auth is deployed.
module authKeys 'modules/auth-keys.bicep' = if (authIndex >= 0) {
  name: 'auth-keys'
  scope: rg
  params: {
    vaultName: 'kv-${resourceToken}'
    location: location
    tags: tags
    authPrincipalId: authIndex >= 0 ? identities.outputs.list[authIndex].principalId : ''
  }
}

// The client secret as a Key Vault reference: the auth identity may read the vault's secrets.
module authSignIn 'modules/auth-sign-in.bicep' = if (authSignInConfigured) {
  name: 'auth-sign-in'
  scope: rg
  params: {
    vaultName: 'kv-${resourceToken}'
    authPrincipalId: authIndex >= 0 ? identities.outputs.list[authIndex].principalId : ''
  }
  dependsOn: [
    authKeys
  ]
}

module apps 'modules/function-app.bicep' = [for (service, i) in services: {
  name: 'app-${service.name}'
  scope: rg
  params: {
    serviceName: service.name
    durable: service.?durable ?? false
    name: appName(service.name, resourceToken)
    planName: 'plan-${service.name}-${resourceToken}'
    storageAccountName: storageName(service.name, resourceToken)
    location: location
    tags: tags
    managedIdentity: identities.outputs.list[i]
    appInsightsName: monitoring.outputs.appInsightsName
    appInsightsConnectionString: monitoring.outputs.connectionString
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    authIssuer: authIssuer
    authAudience: authAudience
    authJwksUrl: authJwksUrl
    authSigningKey: service.name == 'auth' ? { vaultUrl: authKeys.?outputs.vaultUri ?? '', keyName: authKeys.?outputs.keyName ?? '' } : {}
    authSignIn: service.name == 'auth' && authSignInConfigured ? { authority: 'https://${authTenantSubdomain}.ciamlogin.com/', clientId: authClientId, clientSecretUri: authSignIn.?outputs.clientSecretUri ?? '', redirectUri: authRedirectUri } : {}
    live: contains(liveServiceNames, service.name) ? { endpoint: webPubSub.?outputs.endpoint ?? '', hub: liveHub } : {}
    nodeVersion: nodeVersion
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // Create the apps once their data roles exist, so the first host start does not meet 403s: the
  // Cosmos DB SQL role assignments explicitly; the Service Bus roles implicitly, through
  // serviceBus.outputs (a module's outputs exist only when all its resources, roles included, do);
  // the storage and telemetry roles inside function-app.bicep. Propagation can still lag: see
  // docs/deploy.md ("rerun").
  dependsOn: [
    cosmosAccess
  ]
}]

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output COSMOS_DATABASE string = cosmos.outputs.databaseName
output SERVICEBUS_FULLY_QUALIFIED_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output AUTH_JWKS_URL string = authJwksUrl
output WEB_PUBSUB_ENDPOINT string = webPubSub.?outputs.endpoint ?? ''

@description('The callback to register on the Entra app registration (infra/entra/app-registration.bicep redirectUri).')
output AUTH_REDIRECT_URI string = authRedirectUri

@description('The vault that must hold the client secret `auth-client-secret` (az keyvault secret set).')
output AUTH_KEY_VAULT_NAME string = authIndex >= 0 ? 'kv-${resourceToken}' : ''

@description('Each service\'s app and base URL (its HTTP API is under /api).')
output SERVICE_ENDPOINTS array = [for (service, i) in services: {
  service: service.name
  app: apps[i].outputs.name
  url: 'https://${apps[i].outputs.defaultHostName}'
}]
