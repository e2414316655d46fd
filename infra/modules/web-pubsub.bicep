// Live updates to browsers (shared/live, docs/cost.md): one Azure Web PubSub resource on the Free
// tier, reached by plain WebSocket clients at wss://<host>/client/hubs/<hub>?access_token=...
// Access keys are disabled: the apps that publish and hand out client URLs authenticate with their
// managed identities (Microsoft Entra ID), and get the client tokens from the service's REST API.
// Resource: https://learn.microsoft.com/azure/templates/microsoft.signalrservice/webpubsub
// Roles:    https://learn.microsoft.com/azure/azure-web-pubsub/howto-generate-client-access-url —
//           generating a client token and connecting with it need the data actions
//           clientConnection/generateToken/action and clientConnection/write; the built-in
//           "Web PubSub Service Owner" (12cf5a90-567b-43ae-8102-96cf46c7d9b4, dataActions
//           Microsoft.SignalRService/WebPubSub/*) holds both, and Learn names no narrower built-in
//           role that does ("Web PubSub Service Reader" is read-only). A custom role with just
//           generateToken, clientConnection/write and the send actions would be narrower still.

@description('Web PubSub resource name (3-63 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(63)
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Principal ids of the app identities that send to clients and negotiate client URLs.')
param principalIds array

@description('The hub every bakery client connects to (the apps\' WEB_PUBSUB_HUB).')
param hubName string = 'bakery'

var webPubSubServiceOwner = '12cf5a90-567b-43ae-8102-96cf46c7d9b4'

resource webPubSub 'Microsoft.SignalRService/webPubSub@2023-02-01' = {
  name: name
  location: location
  tags: tags
  // Free: one unit, no SLA; see docs/cost.md before moving to Standard_S1.
  sku: {
    name: 'Free_F1'
    tier: 'Free'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    disableAadAuth: false
    publicNetworkAccess: 'Enabled'
    tls: {
      clientCertEnabled: false
    }
  }
}

resource serviceOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in principalIds: {
  scope: webPubSub
  name: guid(webPubSub.id, principalId, webPubSubServiceOwner)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', webPubSubServiceOwner)
  }
}]

@description('The WEB_PUBSUB_ENDPOINT app setting: https://<host>.')
output endpoint string = 'https://${webPubSub.properties.hostName}'
output hubName string = hubName
