/**
 * Model types as users know them. The service echoes the snake_case asset type (`mlflow_model`), spec examples use
 * PascalCase (`MLFlowModel`); anything else is shown verbatim rather than rejected.
 */

export type ModelTypeKind = 'custom' | 'mlflow' | 'triton' | 'unknown';

export function modelTypeKind(modelType: string | undefined): ModelTypeKind {
  switch (modelType?.replace(/[_\s-]/g, '').toLowerCase()) {
    case 'custommodel':
      return 'custom';
    case 'mlflowmodel':
      return 'mlflow';
    case 'tritonmodel':
      return 'triton';
    default:
      return 'unknown';
  }
}

export function modelTypeLabel(modelType: string | undefined): string {
  switch (modelTypeKind(modelType)) {
    case 'custom':
      return 'Custom';
    case 'mlflow':
      return 'MLflow';
    case 'triton':
      return 'Triton';
    case 'unknown':
      return modelType ? `Other (${modelType})` : 'Unknown';
  }
}
