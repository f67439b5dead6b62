// Service Bus (Standard: topics and duplicate detection): one topic per publishing context, one
// subscription per consumer, correlation rules on the subject (the event type), all from
// generated/service-bus.json, which tools/deploy generates from packages/contracts' topology.
param prefix string
param location string
param topics array
param subscriptions array
param rules array

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: '${prefix}-bus'
  location: location
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2022-10-01-preview' = [for name in topics: {
  parent: namespace
  name: name
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    supportOrdering: true
  }
}]

resource subscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2022-10-01-preview' = [for s in subscriptions: {
  name: '${namespace.name}/${s.topic}/${s.name}'
  properties: {
    requiresSession: s.requiresSession
    maxDeliveryCount: 10
    lockDuration: 'PT1M'
    deadLetteringOnMessageExpiration: true
  }
  dependsOn: [topic]
}]

// A subscription created here also gets the catch-all $Default rule, which ARM cannot omit:
// `pnpm bus provision`, run by the pipeline after every infrastructure deployment, deletes it and
// keeps exactly these rules (and reports drift in the topics' duplicate detection).
resource rule 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2022-10-01-preview' = [for r in rules: {
  name: '${namespace.name}/${r.topic}/${r.subscription}/${r.name}'
  properties: {
    filterType: 'CorrelationFilter'
    correlationFilter: { label: r.subject }
  }
  dependsOn: [subscription]
}]

output name string = namespace.name
output fqdn string = '${namespace.name}.servicebus.windows.net'
