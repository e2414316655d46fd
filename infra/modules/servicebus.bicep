// Service Bus for the bakery: the namespace and every topic, subscription and filter rule.
// The topology is NOT written here: it is loaded from ../generated/servicebus-topology.json, which
// `npm run gen:events` derives from the event catalog (shared/events/catalog.ts), and a test fails
// when that file drifts from the catalog. Add or reroute events in the catalog, never in this file.
//
// Only the part of the catalog's topology that deployed code uses is created: a subscription only
// for a consumer that is deployed (a subscription nobody reads fills up and dead-letters silently),
// a topic only when its publisher is deployed or a deployed consumer reads it (the trigger needs the
// topic and its subscription to exist even before the publisher ships). The deployed services are
// infra/services.json, which infra/infra.test.ts ties to the services functions/index.ts registers.

@description('Service Bus namespace name (globally unique, 6-50 characters).')
@minLength(6)
@maxLength(50)
param namespaceName string

param location string = resourceGroup().location

param tags object = {}

@description('Turn off SAS keys so apps can only connect with their managed identity (no secrets in settings).')
param disableLocalAuth bool = true

@description('Managed identity principal ids by service name, e.g. { sales: \'<guid>\' }. Each gets Data Sender on its own topic and Data Owner on the subscriptions named after it (see `readers` below).')
param servicePrincipalIds object = {}

@description('The services deployed as apps (infra/services.json), e.g. [\'production\', \'products\', \'menu\'].')
param deployedServices array

var topology = loadJsonContent('../generated/servicebus-topology.json')

// The catalog's topology cut down to what deployed services publish or read.
var topicsInUse = filter(topology.topics, t => contains(deployedServices, t.name) || length(filter(t.subscriptions, s => contains(deployedServices, s.name))) > 0)
var deployedTopics = map(topicsInUse, t => {
  name: t.name
  duplicateDetectionWindowMs: t.duplicateDetectionWindowMs
  subscriptions: filter(t.subscriptions, s => contains(deployedServices, s.name))
})

var serviceBusDataSender = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39')
// Azure Service Bus Data Owner: the only built-in Service Bus role with Manage rights (docs/deploy.md).
var serviceBusDataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '090c5cfd-751d-490a-894a-3ce6f1109419')

// Bicep has no nested resource loops: flatten subscriptions and rules, remembering their parent's index.
var subscriptions = flatten(map(range(0, length(deployedTopics)), t => map(deployedTopics[t].subscriptions, s => {
  topicIndex: t
  name: s.name
  maxDeliveryCount: s.maxDeliveryCount
  lockDurationMs: s.lockDurationMs
  rules: s.rules
})))

var rules = flatten(map(range(0, length(subscriptions)), i => map(subscriptions[i].rules, r => {
  subscriptionIndex: i
  name: r.name
  subject: r.filter.subject
})))

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: namespaceName
  location: location
  tags: tags
  // Topics and subscriptions need at least the Standard tier.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: disableLocalAuth
    minimumTlsVersion: '1.2'
  }
}

resource topics 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = [for topic in deployedTopics: {
  parent: namespace
  name: topic.name
  properties: {
    // Event ids are deterministic where a retry could publish twice, so the broker drops the repeat.
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: isoDuration(topic.duplicateDetectionWindowMs)
    defaultMessageTimeToLive: 'P14D'
    enableBatchedOperations: true
    supportOrdering: false
  }
}]

resource topicSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [for s in subscriptions: {
  parent: topics[s.topicIndex]
  name: s.name
  properties: {
    maxDeliveryCount: s.maxDeliveryCount
    lockDuration: isoDuration(s.lockDurationMs)
    deadLetteringOnMessageExpiration: true
    deadLetteringOnFilterEvaluationExceptions: true
    defaultMessageTimeToLive: 'P14D'
    requiresSession: false
  }
}]

// Service Bus gives every new subscription a `$Default` rule with a TrueFilter, and a subscription
// takes a message when ANY rule matches, so the catch-all would let every event on the topic
// through. ARM cannot delete it declaratively; overwriting it with a filter that never matches
// leaves only the catalog's rules in force, under the same names as in the generated topology.
resource catchAllOff 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [for (s, i) in subscriptions: {
  parent: topicSubscriptions[i]
  name: '$Default'
  properties: {
    filterType: 'SqlFilter'
    sqlFilter: {
      sqlExpression: '1=0'
    }
  }
}]

// One correlation filter per event type a consumer reads: the message subject (`label` in ARM) is the event type.
resource eventRules 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [for r in rules: {
  parent: topicSubscriptions[r.subscriptionIndex]
  name: r.name
  properties: {
    filterType: 'CorrelationFilter'
    correlationFilter: {
      label: r.subject
    }
  }
  dependsOn: [
    catchAllOff
  ]
}]

resource senders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (topic, i) in deployedTopics: if (contains(servicePrincipalIds, topic.name)) {
  scope: topics[i]
  name: guid(topics[i].id, string(servicePrincipalIds[?topic.name] ?? ''), serviceBusDataSender)
  properties: {
    roleDefinitionId: serviceBusDataSender
    principalId: string(servicePrincipalIds[?topic.name] ?? '')
    principalType: 'ServicePrincipal'
  }
}]

// A topic trigger needs its role scoped to the subscription it reads (the topic alone is not enough).
// Data Owner, not Data Receiver: the scale controller reads the subscription's message count, which
// needs Manage rights; with Listen (receive) rights only, a Service Bus function on Flex Consumption
// (scaled on its own, per function) may never wake from zero. Owner includes receive, so it replaces
// Receiver, and it stays on the app's own subscriptions: the narrowest scope Service Bus RBAC offers.
resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (s, i) in subscriptions: if (contains(servicePrincipalIds, s.name)) {
  scope: topicSubscriptions[i]
  name: guid(topicSubscriptions[i].id, string(servicePrincipalIds[?s.name] ?? ''), serviceBusDataOwner)
  properties: {
    roleDefinitionId: serviceBusDataOwner
    principalId: string(servicePrincipalIds[?s.name] ?? '')
    principalType: 'ServicePrincipal'
  }
}]

// Milliseconds → ISO 8601 duration, in whole minutes when possible ('PT10M'), else seconds.
func isoDuration(ms int) string => ms % 60000 == 0 ? 'PT${ms / 60000}M' : 'PT${ms / 1000}S'

output namespaceName string = namespace.name
output namespaceId string = namespace.id
@description('For SERVICEBUS_FULLY_QUALIFIED_NAMESPACE / the trigger connection\'s __fullyQualifiedNamespace setting.')
output fullyQualifiedNamespace string = '${namespace.name}.servicebus.windows.net'
output topicNames array = [for topic in deployedTopics: topic.name]
