// Cosmos DB (NoSQL API) for the bakery: a serverless account with keys turned off, one database and
// the containers listed in ../services.json. Apps reach it with Microsoft Entra identities only;
// data-plane role assignments are made per app by cosmos-access.bicep.
//
// The containers MUST exist before the apps start: with an Entra identity the data-plane SDK may read
// but never create a database or container (that is a control-plane operation), so the app's
// createIfNotExists only finds what Bicep made here.

@description('Account name: 3-44 lowercase letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(44)
param accountName string

param location string = resourceGroup().location

param tags object = {}

param databaseName string

@description('Every container to create: [{ name, partitionKeyPath, compositeIndexes? }], the services\' containers and the leases container.')
param containers array

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    // Pay per request and storage; scales to nothing like the Flex Consumption apps.
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    // No account keys: only Entra identities with a data-plane role get in (no secrets anywhere).
    disableLocalAuth: true
    // Databases and containers change only through ARM (this template), never through the data plane.
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for c in containers: {
  parent: database
  name: c.name
  properties: {
    resource: {
      id: c.name
      // TTL on, no default: only documents that carry a `ttl` expire (the consumers' inbox records).
      defaultTtl: -1
      partitionKey: {
        paths: [
          c.partitionKeyPath
        ]
        kind: 'Hash'
        version: 2
      }
      // The default policy (every path range-indexed, which serves any filter and a one-property
      // ORDER BY) plus the composite indexes services.json declares for this container: an ORDER BY
      // on two or more properties needs one (same paths, same or all-inverted directions).
      // infra/cosmos-indexing.test.ts ties every orderBy in the services' code to them; the app
      // passes the same policy when it creates a container itself (infra/cosmos-indexing.ts).
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/"_etag"/?'
          }
        ]
        compositeIndexes: c.?compositeIndexes ?? []
      }
    }
  }
}]

// The SDK reads the account and the database before it opens a container, and a role assigned at
// container scope does not cover those reads (403 on readMetadata for dbs/<name>). This role grants
// metadata reads only (names, partition keys), no document, so it can sit at account scope.
resource metadataReader 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-05-15' = {
  parent: account
  name: guid(account.id, 'bakery-metadata-reader')
  properties: {
    roleName: 'Bakery metadata reader'
    type: 'CustomRole'
    assignableScopes: [
      account.id
    ]
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
        ]
      }
    ]
  }
  dependsOn: [
    sqlContainers
  ]
}

output accountName string = account.name

@description('For COSMOS_ENDPOINT and CosmosConnection__accountEndpoint.')
output endpoint string = account.properties.documentEndpoint

output databaseName string = database.name

@description('Cosmos DB Built-in Data Contributor (read and write items, read the change feed).')
output dataContributorRoleId string = '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'

output metadataReaderRoleId string = metadataReader.id
