// Azure Managed Redis (Azure Cache for Redis is being retired): TLS on port 10000. Its URL, with the
// access key, is a Key Vault secret that the apps' REDIS_URL references; no key is in any app setting.
param prefix string
param location string
param keyVaultName string

resource redis 'Microsoft.Cache/redisEnterprise@2024-10-01' = {
  name: '${prefix}-redis'
  location: location
  sku: { name: 'Balanced_B0' }
  properties: { minimumTlsVersion: '1.2' }
}

resource database 'Microsoft.Cache/redisEnterprise/databases@2024-10-01' = {
  parent: redis
  name: 'default'
  properties: {
    clientProtocol: 'Encrypted'
    port: 10000
    clusteringPolicy: 'EnterpriseCluster'
    evictionPolicy: 'AllKeysLRU'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource redisUrl 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'redis-url'
  properties: {
    value: 'rediss://:${database.listKeys().primaryKey}@${redis.properties.hostName}:10000'
  }
}

output redisUrlSecretUri string = redisUrl.properties.secretUri
