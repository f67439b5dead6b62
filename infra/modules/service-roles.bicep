// One service's least privileges, for each of its identities (the app's and its staging slot's):
// Azure Service Bus Data Sender on its own topic, Data Receiver on its own subscriptions, and
// Key Vault Secrets User (App Service resolves the Key Vault references with the app's identity).
param principalIds array
param serviceBusNamespaceName string
@description('Its own topic, or empty when it publishes nothing.')
param sendsTo string
@description('Its subscriptions: { topic, name }.')
param receivesFrom array
param keyVaultName string

var dataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
var dataReceiver = '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' existing = {
  name: serviceBusNamespaceName
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' existing = if (!empty(sendsTo)) {
  parent: namespace
  name: empty(sendsTo) ? 'none' : sendsTo
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in (empty(sendsTo) ? [] : principalIds): {
  name: guid(topic.id, principalId, dataSender)
  scope: topic
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
  }
}]

module receivers 'subscription-receiver.bicep' = [for s in receivesFrom: {
  name: 'receiver-${s.topic}-${s.name}'
  params: {
    serviceBusNamespaceName: serviceBusNamespaceName
    topic: s.topic
    subscription: s.name
    principalIds: principalIds
    roleId: dataReceiver
  }
}]

resource secrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in principalIds: {
  name: guid(vault.id, principalId, secretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}]
