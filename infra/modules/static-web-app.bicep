// The storefront and bakery floor (web/, built into dist/web) on Azure Static Web Apps, Free plan:
// global static hosting that costs nothing when nobody visits. No repository link (provider 'None'):
// azd uploads dist/web (azure.yaml service `web`, host staticwebapp), so no GitHub workflow is made.
// The API is not linked: "bring your own functions" / linked backends need the Standard plan. The
// page calls the API origin it was built with (BAKERY_API_ORIGIN, see docs/deploy.md "Storefront").

param name string

@description('Static Web Apps Free is offered in a few regions only (centralus, eastus2, westus2, westeurope, eastasia).')
param location string

param tags object = {}

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    provider: 'None'
    // staticwebapp.config.json (routes, fallback, headers) ships with each upload.
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostname
