// Azure Service Bus Data Receiver on one subscription (the narrowest scope receiving allows).
param serviceBusNamespaceName string
param topic string
param subscription string
param principalIds array
param roleId string

resource entity 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' existing = {
  name: '${serviceBusNamespaceName}/${topic}/${subscription}'
}

resource receiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principalId in principalIds: {
  name: guid(entity.id, principalId, roleId)
  scope: entity
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
  }
}]
