/**
 * Azure clouds in one table. A custom cloud (Azure Stack, a sovereign deployment, or a local emulator)
 * supplies the same fields through settings. Nothing here knows about any particular host.
 */
export type CloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'Custom';

export interface CloudEndpoints {
  readonly name: CloudName;
  /** ARM endpoint, no trailing slash, e.g. `https://management.azure.com`. */
  readonly resourceManagerEndpoint: string;
  /** Token audience for ARM; scopes are `<audience>/.default`. */
  readonly resourceManagerAudience: string;
  /** Entra ID authority host, e.g. `https://login.microsoftonline.com`. */
  readonly authorityHost: string;
  /**
   * Blob service URL of a storage account; `{accountName}` is replaced. Public clouds use
   * `https://{accountName}.blob.<suffix>`; path-style services (Azurite) use `http://host:port/{accountName}`.
   */
  readonly blobEndpointTemplate: string;
  /** Azure ML studio base URL. */
  readonly studioUrl: string;
  /** Known public authority: instance discovery stays on. Custom clouds turn it off. */
  readonly isKnownAuthority: boolean;
}

export const publicClouds: Readonly<Record<Exclude<CloudName, 'Custom'>, CloudEndpoints>> = {
  AzureCloud: {
    name: 'AzureCloud',
    resourceManagerEndpoint: 'https://management.azure.com',
    resourceManagerAudience: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    blobEndpointTemplate: 'https://{accountName}.blob.core.windows.net',
    studioUrl: 'https://ml.azure.com',
    isKnownAuthority: true,
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    resourceManagerAudience: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    blobEndpointTemplate: 'https://{accountName}.blob.core.chinacloudapi.cn',
    studioUrl: 'https://studio.ml.azure.cn',
    isKnownAuthority: true,
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    resourceManagerAudience: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    blobEndpointTemplate: 'https://{accountName}.blob.core.usgovcloudapi.net',
    studioUrl: 'https://ml.azure.us',
    isKnownAuthority: true,
  },
};

/** The blob service URL for a storage account in this cloud. */
export function blobServiceUrl(cloud: CloudEndpoints, accountName: string): string {
  return cloud.blobEndpointTemplate.replace('{accountName}', encodeURIComponent(accountName)).replace(/\/+$/, '');
}
