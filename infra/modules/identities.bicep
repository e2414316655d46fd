// One user-assigned managed identity per service. Each Function App runs as its own identity, so
// every role assignment (Cosmos DB container, Service Bus topic or subscription, its own storage
// account) names exactly one service and no app can act for another.
//
// The identities live apart from the apps because Service Bus and Cosmos DB need every principal
// id before the apps exist, and Bicep cannot build an object from a resource loop inside a lambda:
// the `list` output is an array that main.bicep reshapes.

@description('Service names, e.g. [\'production\', \'sales\'].')
param services array

@description('Suffix shared by every resource of the environment.')
param resourceToken string

param location string = resourceGroup().location

param tags object = {}

resource identities 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = [for service in services: {
  name: 'id-${service}-${resourceToken}'
  location: location
  tags: tags
}]

@description('One entry per service, in the order of `services`: { service, id, principalId, clientId }.')
output list array = [for (service, i) in services: {
  service: service
  id: identities[i].id
  principalId: identities[i].properties.principalId
  clientId: identities[i].properties.clientId
}]
