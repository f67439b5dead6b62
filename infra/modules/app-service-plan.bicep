// One Linux plan for the fleet's apps.
param prefix string
param location string
param sku string

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${prefix}-plan'
  location: location
  kind: 'linux'
  sku: { name: sku }
  properties: { reserved: true }
}

output id string = plan.id
