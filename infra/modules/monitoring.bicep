// Log Analytics + workspace-based Application Insights, shared by every Function App.
// Local (instrumentation-key) ingestion is off: each app sends telemetry with its managed identity
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING) and holds Monitoring Metrics Publisher on this component.

param logAnalyticsName string

param appInsightsName string

param location string = resourceGroup().location

param tags object = {}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

output appInsightsName string = appInsights.name

@description('Not a credential while DisableLocalAuth is on: ingestion also needs an Entra token.')
output connectionString string = appInsights.properties.ConnectionString
