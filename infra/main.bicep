// The fleet on Azure: az deployment group create -g <group> -f infra/main.bicep -p prefix=<prefix> ...
// (README "Deploying to Azure"). Services and bus entities come from files generated from the code
// (tools/deploy: generate:azure), so an app, an identity, a role or a subscription cannot be forgotten.
targetScope = 'resourceGroup'

@description('Prefix of every resource name (globally unique names: web apps, Service Bus, Key Vault, PostgreSQL).')
@minLength(3)
@maxLength(12)
param prefix string

param location string = resourceGroup().location

@description('Entra administrator of PostgreSQL (the pipeline\'s service principal): creates each app\'s database role.')
param postgresAdminObjectId string
param postgresAdminName string
@allowed(['ServicePrincipal', 'User', 'Group'])
param postgresAdminType string = 'ServicePrincipal'

@description('App Service plan SKU (deployment slots need Standard or above).')
param appServiceSku string = 'P1v3'

var fleet = loadJsonContent('generated/services.json')
var bus = loadJsonContent('generated/service-bus.json')
var appNames = [for service in fleet.services: '${prefix}-${service.name}']

module observability 'modules/observability.bicep' = {
  name: 'observability'
  params: { prefix: prefix, location: location }
}

module vault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  params: { prefix: prefix, location: location }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: { prefix: prefix, location: location, keyVaultName: vault.outputs.name }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    prefix: prefix
    location: location
    databases: concat(map(filter(fleet.services, s => s.database), s => s.name), ['bus'])
    adminObjectId: postgresAdminObjectId
    adminName: postgresAdminName
    adminType: postgresAdminType
  }
}

module serviceBus 'modules/service-bus.bicep' = {
  name: 'service-bus'
  params: {
    prefix: prefix
    location: location
    topics: bus.topics
    subscriptions: bus.subscriptions
    rules: bus.rules
  }
}

module plan 'modules/app-service-plan.bicep' = {
  name: 'app-service-plan'
  params: { prefix: prefix, location: location, sku: appServiceSku }
}

module apps 'modules/web-app.bicep' = [for (service, i) in fleet.services: {
  name: 'app-${service.name}'
  params: {
    name: appNames[i]
    location: location
    planId: plan.outputs.id
    appSettings: union(
      {
        NODE_ENV: 'production'
        LOG_LEVEL: 'info'
        REDIS_URL: '@Microsoft.KeyVault(SecretUri=${redis.outputs.redisUrlSecretUri})'
        APPLICATIONINSIGHTS_CONNECTION_STRING: observability.outputs.appInsightsConnectionString
        ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
        SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
        WEBSITE_RUN_FROM_PACKAGE: '1'
      },
      service.database
        ? {
            BUS_TRANSPORT: 'azure-service-bus'
            SERVICEBUS_FQDN: serviceBus.outputs.fqdn
          }
        : {},
      toObject(service.upstreams, u => u.variable, u => 'https://${prefix}-${u.service}.azurewebsites.net'),
      empty(service.upstreams) ? {} : { TRUST_PROXY_HOPS: '1' }
    )
    // Per slot: each slot's system-assigned identity is its own PostgreSQL role.
    databaseUrl: service.database ? 'postgresql://${appNames[i]}@${postgres.outputs.fqdn}:5432/${service.name}?sslmode=require' : ''
    stagingDatabaseUrl: service.database ? 'postgresql://${appNames[i]}%2Fslots%2Fstaging@${postgres.outputs.fqdn}:5432/${service.name}?sslmode=require' : ''
  }
}]

module roles 'modules/service-roles.bicep' = [for (service, i) in fleet.services: {
  name: 'roles-${service.name}'
  params: {
    principalIds: [apps[i].outputs.principalId, apps[i].outputs.stagingPrincipalId]
    serviceBusNamespaceName: serviceBus.outputs.name
    sendsTo: service.sendsTo
    receivesFrom: filter(bus.subscriptions, s => s.name == service.name)
    keyVaultName: vault.outputs.name
  }
}]

output appHostNames array = [for (service, i) in fleet.services: {
  service: service.name
  hostName: apps[i].outputs.hostName
  stagingHostName: apps[i].outputs.stagingHostName
  principalId: apps[i].outputs.principalId
  stagingPrincipalId: apps[i].outputs.stagingPrincipalId
}]
output serviceBusFqdn string = serviceBus.outputs.fqdn
output postgresFqdn string = postgres.outputs.fqdn
output keyVaultName string = vault.outputs.name
