// Supervision Bot on Azure: App Service (Linux, Node), Azure Bot (single-tenant, the app's
// user-assigned managed identity, Teams channel), Storage account with Tables (the state store,
// reached with the same identity: no keys, no secrets), Application Insights.
//
//   az deployment group create -g <resource-group> -f infra/main.bicep \
//     -p name=<short-name> organisationName='<Council>' privacyContact=<dpo@council.gov.uk>
//
// See docs/deploy.md for the whole story (app registrations, the Sites.Selected grant, doctor).

@description('Short name for every resource (letters and digits, 3-16).')
@minLength(3)
@maxLength(16)
param name string

param location string = resourceGroup().location

@description('Node on App Service Linux: 22-lts or 24-lts.')
@allowed(['22-lts', '24-lts'])
param nodeVersion string = '22-lts'

@description('embedded (the organisation data in Azure Tables) or sharepoint (needs the GRAPH_* settings, docs/sharepoint.md).')
@allowed(['embedded', 'sharepoint'])
param dataSource string = 'embedded'

@description('SharePoint mode: the site (https://contoso.sharepoint.com/sites/supervision). Graph is reached with the same managed identity, once granted Sites.Selected on the site (docs/deploy.md).')
param sharePointSite string = ''

@description('The tab sign-in app registration\'s Application ID URI (api://<app host>/<app id>, docs/deploy.md). A managed identity cannot expose an API, so the tab needs this registration; blank leaves the tab off.')
param tabAppIdUri string = ''

@description('Policy profile (docs/policy.md).')
param profile string = 'telford-sf'

@description('Named on /privacy and /terms as the controller.')
param organisationName string

@description('Where staff send privacy requests (the DPO), named on /privacy.')
param privacyContact string

@description('true only on the deployment that may message real staff (a slot setting: a staging slot never sends).')
param sendEnabled bool = false

@description('App Service plan SKU (B1 is enough for one organisation; P1v3 for slots).')
param planSku string = 'B1'

var tenantId = tenant().tenantId
var storageName = toLower('${take(replace(name, '-', ''), 16)}st${take(uniqueString(resourceGroup().id), 6)}')
var tableName = 'supervisionbot'
// Built-in role "Storage Table Data Contributor" (the same id in every tenant).
var tableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: tableName
}

resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, tableDataContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: { retentionInDays: 30, sku: { name: 'PerGB2018' } }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai'
  location: location
  kind: 'web'
  properties: { Application_Type: 'Node.JS', WorkspaceResourceId: logs.id }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: planSku }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: '${name}-app'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|${nodeVersion}'
      appCommandLine: 'node dist/bot/main.js'
      healthCheckPath: '/healthz'
      alwaysOn: planSku != 'F1'
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'MicrosoftAppType', value: 'UserAssignedMSI' }
        { name: 'MicrosoftAppId', value: identity.properties.clientId }
        { name: 'MicrosoftAppTenantId', value: tenantId }
        { name: 'PUBLIC_BASE_URL', value: 'https://${name}-app.azurewebsites.net' }
        { name: 'STATE_STORE', value: 'azure-table' }
        { name: 'AZURE_TABLES_ACCOUNT_URL', value: storage.properties.primaryEndpoints.table }
        { name: 'AZURE_TABLES_MANAGED_IDENTITY_CLIENT_ID', value: identity.properties.clientId }
        { name: 'AZURE_TABLES_TABLE', value: tableName }
        { name: 'DATA_SOURCE', value: dataSource }
        // Graph (SharePoint mode) signs in as the same identity: no secret, no certificate.
        { name: 'GRAPH_MANAGED_IDENTITY_CLIENT_ID', value: identity.properties.clientId }
        { name: 'SHAREPOINT_SITE', value: sharePointSite }
        { name: 'TAB_APP_ID_URI', value: tabAppIdUri }
        { name: 'PROFILE', value: profile }
        { name: 'SEND_ENABLED', value: sendEnabled ? 'true' : 'false' }
        { name: 'ORGANISATION_NAME', value: organisationName }
        { name: 'PRIVACY_CONTACT', value: privacyContact }
        // App Service's own Application Insights agent (requests, dependencies, exceptions).
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
      ]
    }
  }
}

// SEND_ENABLED stays with the slot: swapping a staging slot in never brings its "false" along
// to production, nor production's "true" to staging.
resource slotSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: app
  name: 'slotConfigNames'
  properties: { appSettingNames: ['SEND_ENABLED'] }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'Supervision Bot'
    endpoint: 'https://${app.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: tenantId
    developerAppInsightKey: insights.properties.InstrumentationKey
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

output appUrl string = 'https://${app.properties.defaultHostName}'
output botAppId string = identity.properties.clientId
output identityPrincipalId string = identity.properties.principalId
output storageTableUrl string = storage.properties.primaryEndpoints.table
