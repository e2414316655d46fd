// One app's Cosmos DB data-plane access (least privilege): Built-in Data Contributor on each of its
// own containers and on the shared leases container, scoped `<account>/dbs/<db>/colls/<name>`, plus
// the metadata-only reader at account scope (see cosmos.bicep). Nothing on other services' containers.
//
// Cosmos DB takes an exclusive account lock per role-assignment write and answers 412 to a parallel
// one, so the assignments here run one at a time and main.bicep runs these modules one at a time.

param accountName string

param databaseName string

@description('Object id of the app\'s managed identity.')
param principalId string

@description('Containers this app may read and write: its own and the leases container.')
param containerNames array

param dataContributorRoleId string

param metadataReaderRoleId string

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' existing = {
  name: accountName
}

var containerGrants = map(containerNames, name => {
  roleDefinitionId: dataContributorRoleId
  scope: '${account.id}/dbs/${databaseName}/colls/${name}'
})

var metadataGrant = {
  roleDefinitionId: metadataReaderRoleId
  scope: account.id
}

var grants = concat(containerGrants, [metadataGrant])

@batchSize(1)
resource assignments 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [for grant in grants: {
  parent: account
  name: guid(grant.scope, principalId, grant.roleDefinitionId)
  properties: {
    roleDefinitionId: grant.roleDefinitionId
    principalId: principalId
    scope: grant.scope
  }
}]
