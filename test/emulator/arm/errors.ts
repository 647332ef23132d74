import { azureTimestamp } from '../state/time';

/**
 * Errors in the two shapes Azure returns them: ARM gateway errors (`{error:{code,message}}` +
 * `x-ms-failure-cause: gateway`) and Azure ML "MFE" user errors (`code: UserError` with the specific code in
 * `details[]` and `additionalInfo` entries), as seen in the recordings.
 */
export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
  additionalInfo?: unknown[];
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { details?: ErrorDetail[]; additionalInfo?: unknown[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  body(): { error: ErrorDetail } {
    const error: ErrorDetail = { code: this.code, message: this.message };
    if (this.extra.details) error.details = this.extra.details;
    if (this.extra.additionalInfo) error.additionalInfo = this.extra.additionalInfo;
    return { error };
  }
}

/** Errors produced by ARM itself before the request reaches the resource provider. */
export function gatewayError(status: number, code: string, message: string): ArmError {
  return new ArmError(status, code, message, { headers: { 'x-ms-failure-cause': 'gateway' } });
}

/** The `additionalInfo` block Azure ML's management front end attaches to every error. */
function mfeAdditionalInfo(location: string, requestId: string): unknown[] {
  return [
    { type: 'ComponentName', info: { value: 'managementfrontend' } },
    { type: 'Correlation', info: { value: { operation: requestId.replace(/-/g, ''), request: requestId.slice(0, 16).replace(/-/g, '') } } },
    { type: 'Environment', info: { value: location } },
    { type: 'Location', info: { value: location } },
    { type: 'Time', info: { value: azureTimestamp() } },
  ];
}

/**
 * An Azure ML user error: outer code `UserError`, the specific code (e.g. `ModelNotFound`) as the only detail.
 * `location` and the request id are filled in by the server when it renders the error.
 */
export class MfeUserError extends ArmError {
  constructor(status: number, message: string, innerCode: string, innerMessage: string = message) {
    super(status, 'UserError', message, { details: [{ code: innerCode, message: innerMessage, details: [], additionalInfo: [] }] });
  }

  withContext(location: string, requestId: string): this {
    this.extra.additionalInfo = mfeAdditionalInfo(location, requestId);
    return this;
  }
}

/** 404 for a missing Azure ML asset, in the recorded wording. */
export function assetNotFound(innerCode: string, innerMessage: string): MfeUserError {
  return new MfeUserError(404, 'The specified resource was not found.', innerCode, innerMessage);
}

/** 400 validation error. */
export function validationError(message: string, innerCode = 'ValidationError'): MfeUserError {
  return new MfeUserError(400, message, innerCode);
}
