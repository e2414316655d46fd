// One bakery service as its own Function App on its own Flex Consumption plan (Flex allows one app
// per plan), deployed from the same package as every other service: BAKERY_SERVICES=<service>
// makes functions/index.ts register only that service's functions (plus /api/health).
//
// The app gets its own storage account for the Functions host (leases, timers), its Durable
// Functions task hub and its deployment package. An identity that may write the deployment container
// can run code as that app, and Durable task hubs of apps sharing an account collide unless renamed,
// so a storage account per app is the least-privilege choice (storage accounts cost nothing idle).
//
// App settings hold no secret: every connection is identity-based through the app's user-assigned
// managed identity. FUNCTIONS_EXTENSION_VERSION, FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE
// and the content-share settings are not set: Flex Consumption takes the runtime from
// functionAppConfig and rejects or ignores those settings.

@description('The service this app hosts, e.g. \'sales\'; also its azd service name.')
param serviceName string

@description('Function App name (globally unique host name <name>.azurewebsites.net).')
param name string

param planName string

@description('Storage account name: 3-24 lowercase letters and digits, globally unique.')
@minLength(3)
@maxLength(24)
param storageAccountName string

param location string = resourceGroup().location

param tags object = {}

@description('The app\'s user-assigned identity: { id, principalId, clientId }.')
param managedIdentity object

param appInsightsName string

param appInsightsConnectionString string

param cosmosEndpoint string

param cosmosDatabase string

@description('<namespace>.servicebus.windows.net')
param serviceBusNamespace string

param authIssuer string

param authAudience string

param authJwksUrl string

@description('The auth app only: its Key Vault signing key ({ vaultUrl, keyName }); empty for the others.')
param authSigningKey object = {}

@description('The auth app only, once sign-in is configured: { authority, clientId, clientSecretUri, redirectUri }; empty otherwise.')
param authSignIn object = {}

@description('Apps that publish live updates only: their Web PubSub ({ endpoint, hub }); empty for the others.')
param live object = {}

@allowed([
  '20'
  '22'
])
param nodeVersion string = '22'

@description('Flex Consumption accepts 40 to 1000.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 512

@description('True when the service registers Durable Functions (orchestrations, activities, entities): keeps one always-ready instance for the `durable` scale group, as Microsoft recommends on Flex Consumption (docs/deploy.md, with its idle cost).')
param durable bool = false

var deploymentContainerName = 'app-package'

// Always-ready instances are named by per-function scale group: `http`, `blob`, `durable`, or
// `function:<name>` (Learn: Flex Consumption plan, per-function scaling).
var durableAlwaysReady = [
  {
    name: 'durable'
    instanceCount: 1
  }
]

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

// The Functions host needs blobs (leases, timers, deployment package), queues and tables (Durable
// Functions' Azure Storage provider); each role is scoped to this app's own account.
var storageRoleIds = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

var appSettings = {
  AzureWebJobsStorage__accountName: storage.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: managedIdentity.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${managedIdentity.clientId};Authorization=AAD'
  AZURE_CLIENT_ID: managedIdentity.clientId
  BAKERY_SERVICES: serviceName
  BAKERY_STORE: 'cosmos'
  COSMOS_ENDPOINT: cosmosEndpoint
  COSMOS_DATABASE: cosmosDatabase
  CosmosConnection__accountEndpoint: cosmosEndpoint
  CosmosConnection__credential: 'managedidentity'
  CosmosConnection__clientId: managedIdentity.clientId
  BAKERY_BUS: 'servicebus'
  SERVICEBUS_FULLY_QUALIFIED_NAMESPACE: serviceBusNamespace
  ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
  ServiceBusConnection__credential: 'managedidentity'
  ServiceBusConnection__clientId: managedIdentity.clientId
  AUTH_ISSUER: authIssuer
  AUTH_AUDIENCE: authAudience
  AUTH_JWKS_URL: authJwksUrl
}

var authKeySettings = empty(authSigningKey) ? {} : {
  AUTH_KEY_VAULT_URL: authSigningKey.vaultUrl
  AUTH_SIGNING_KEY_NAME: authSigningKey.keyName
}

// All three or none (authProblems in shared/config/auth-settings.ts). The secret is a Key Vault
// reference the platform resolves with the app's identity (keyVaultReferenceIdentity below): the
// app reads the secret's value, the setting holds only its URI.
var authSignInSettings = empty(authSignIn) ? {} : {
  AUTH_AUTHORITY: authSignIn.authority
  AUTH_CLIENT_ID: authSignIn.clientId
  AUTH_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${authSignIn.clientSecretUri})'
  AUTH_REDIRECT_URI: authSignIn.redirectUri
}

// Without them the app has no live updates (and no negotiate function): shared/config/live-settings.ts.
var liveSettings = empty(live) ? {} : {
  WEB_PUBSUB_ENDPOINT: live.endpoint
  WEB_PUBSUB_HUB: live.hub
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    // Identity only: no account key can be used, so none can leak.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  // azd finds the app to deploy to by this tag.
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${managedIdentity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this user-assigned identity (the default would be a
    // system-assigned identity, which the app does not have).
    keyVaultReferenceIdentity: managedIdentity.id
    siteConfig: {
      appSettings: [for setting in items(union(appSettings, authKeySettings, authSignInSettings, liveSettings)): {
        name: setting.key
        value: setting.value
      }]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: managedIdentity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Flex scales orchestrations, activities and entities together as the `durable` group; one
        // instance kept ready means a timer or message never waits on a cold start of the task hub.
        alwaysReady: durable ? durableAlwaysReady : []
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }
  // The site starts (and its host reaches AzureWebJobsStorage, the deployment container and
  // Application Insights with the identity) as soon as it exists, so its roles come first. Role
  // assignments can still take minutes to apply after they exist: see docs/deploy.md, "rerun".
  dependsOn: [
    deploymentContainer
    storageRoles
    telemetryRole
  ]
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoleIds: {
  scope: storage
  name: guid(storage.id, managedIdentity.principalId, roleId)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: managedIdentity.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Telemetry with an Entra token (the component refuses instrumentation-key-only ingestion).
resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, managedIdentity.principalId, roles.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: managedIdentity.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = app.name

output defaultHostName string = app.properties.defaultHostName

output storageAccountName string = storage.name
