/**
 * How a failed command is shown, decided from the `InventoryError` kind alone. Pure (no `vscode`), so the mapping
 * is unit-tested; `runCommand` renders the result.
 */
import { InventoryError } from '../core/errors';
import { redactSecrets } from '../core/redact';

export type ErrorAction = 'signIn' | 'showLog' | 'openSettings' | 'refresh';

export interface ErrorPresentation {
  /** `none`: say nothing (the user cancelled). */
  readonly level: 'none' | 'warning' | 'error';
  readonly message: string;
  /** Buttons offered with the message, in order. */
  readonly actions: readonly ErrorAction[];
}

export function presentError(error: unknown): ErrorPresentation {
  if (!(error instanceof InventoryError)) {
    const text = error instanceof Error ? error.message : String(error);
    return { level: 'error', message: `Something went wrong: ${redactSecrets(text)}`, actions: ['showLog'] };
  }
  const message = redactSecrets(error.message);
  switch (error.kind) {
    case 'cancelled':
      return { level: 'none', message, actions: [] };
    case 'notSignedIn':
      return { level: 'warning', message, actions: ['signIn'] };
    case 'notFound':
    case 'conflict':
      return { level: 'warning', message, actions: ['refresh'] };
    case 'throttled':
      return { level: 'warning', message, actions: [] };
    case 'validation':
      return { level: 'error', message, actions: error.details.code === 'InvalidCloudSetting' ? ['openSettings'] : [] };
    case 'forbidden':
    case 'network':
    case 'service':
      return { level: 'error', message, actions: ['showLog'] };
  }
}

export const actionLabels: Readonly<Record<ErrorAction, string>> = {
  signIn: 'Sign In',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
  refresh: 'Refresh',
};
