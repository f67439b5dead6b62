// Azure Database for PostgreSQL flexible server, Entra authentication only (no password exists):
// one database per service, plus the postgres bus's.
param prefix string
param location string
param databases array
param adminObjectId string
param adminName string
param adminType string

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${prefix}-pg'
  location: location
  sku: { name: 'Standard_B2s', tier: 'Burstable' }
  properties: {
    version: '17'
    storage: { storageSizeGB: 32 }
    authConfig: {
      activeDirectoryAuth: 'Enabled'
      passwordAuth: 'Disabled'
      tenantId: subscription().tenantId
    }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource admin 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2024-08-01' = {
  parent: server
  name: adminObjectId
  properties: {
    principalName: adminName
    principalType: adminType
    tenantId: subscription().tenantId
  }
}

// App Service reaches the server over Azure's network (no VNet here): allow Azure services only.
resource azureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: server
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

@batchSize(1)
resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = [for name in databases: {
  parent: server
  name: name
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
  dependsOn: [admin]
}]

output fqdn string = server.properties.fullyQualifiedDomainName
