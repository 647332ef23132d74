/**
 * Every api-version the extension sends, in one place. The generated SDK (2.1.1) pins 2022-10-01 for what it
 * covers; the raw calls below use the first stable versions that have the operation.
 */
export const apiVersions = {
  /** Microsoft.Resources subscriptions and tenants (same version `@azure/arm-resources-subscriptions` uses). */
  resources: '2022-12-01',
  /** Registries and registry model containers/versions: first stable API with registries. */
  registries: '2024-04-01',
  /**
   * Online/batch endpoints and deployments: 2022-10-01 (the SDK's) has no `mirrorTraffic`, and its serializer
   * drops properties it does not know, so a GET → PUT through it could lose fields. Raw 2024-04-01 keeps them.
   */
  deployments: '2024-04-01',
  /**
   * Model container/version writes (tags, description, archive) in workspaces and registries: raw 2024-04-01, so a
   * GET → change → PUT keeps fields 2022-10-01 does not know (`stage`, `intellectualProperty`, …).
   */
  modelWrites: '2024-04-01',
} as const;
