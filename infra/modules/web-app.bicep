// One service: a Linux Web App on Node 24 running the artifact (node main.mjs), with a system-assigned
// identity, health check on /health/ready, and a staging slot (its own identity) the pipeline
// deploys to and swaps in. DATABASE_URL is slot-sticky: each slot connects as its own identity.
param name string
param location string
param planId string
param appSettings object
param databaseUrl string
param stagingDatabaseUrl string

var siteConfig = {
  linuxFxVersion: 'NODE|24-lts'
  appCommandLine: 'node --enable-source-maps main.mjs'
  healthCheckPath: '/health/ready'
  alwaysOn: true
  http20Enabled: true
  minTlsVersion: '1.2'
  ftpsState: 'Disabled'
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    siteConfig: union(siteConfig, {
      appSettings: [for setting in items(union(appSettings, empty(databaseUrl) ? {} : { DATABASE_URL: databaseUrl })): {
        name: setting.key
        value: setting.value
      }]
    })
  }
}

resource sticky 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: app
  name: 'slotConfigNames'
  properties: { appSettingNames: ['DATABASE_URL'] }
}

resource staging 'Microsoft.Web/sites/slots@2023-12-01' = {
  parent: app
  name: 'staging'
  location: location
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    siteConfig: union(siteConfig, {
      appSettings: [for setting in items(union(appSettings, empty(stagingDatabaseUrl) ? {} : { DATABASE_URL: stagingDatabaseUrl })): {
        name: setting.key
        value: setting.value
      }]
    })
  }
}

output principalId string = app.identity.principalId
output stagingPrincipalId string = staging.identity.principalId
output hostName string = app.properties.defaultHostName
output stagingHostName string = staging.properties.defaultHostName
