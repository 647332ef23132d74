/** Fixed identities and well-known values shared by the emulator, its seeds and the test support code. */

/** Tenant, app registration and secret the token endpoint accepts (a service principal, like CI uses). */
export const EMULATOR_TENANT_ID = '7d3f1c2a-5b8e-4c1d-9a6f-2e4b8c0d1e01';
export const EMULATOR_CLIENT_ID = 'b2c4e6a8-1d3f-4a5b-8c7d-9e0f1a2b3c02';
export const EMULATOR_CLIENT_SECRET = 'emulator-secret-for-local-tests-only';
/** Object id of that service principal; appears as `oid` in tokens and as createdBy in systemData. */
export const EMULATOR_PRINCIPAL_OBJECT_ID = '3a5c7e9b-2d4f-4b6a-8e0c-1f3a5c7e9b03';

/** Audiences ARM accepts; the emulator also accepts its own URL because the SDK asks for `<endpoint>/.default` by default. */
export const PUBLIC_ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];

/** Azurite's published development account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite). */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Api-version written into nextLinks and async-operation URLs when the request carried none. */
export const DEFAULT_API_VERSION = '2022-10-01';
