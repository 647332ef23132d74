import type * as vscode from 'vscode';
import type { ConnectionSource } from '../host/connection';
import type { Logger } from '../host/logger';
import type { Prompter } from '../host/prompter';
import type { InventoryView } from '../tree/InventoryView';
import type { ModelVersionPanels } from '../webviews/modelVersion/ModelVersionPanels';

/** Sign-in state owned by the composition root (it rebuilds the connection when it changes). */
export interface SignInControl {
  /** Stop (or resume) using the configured sign-in; rebuilds the connection and refreshes the tree. */
  setSignedOut(isSignedOut: boolean): Promise<void>;
  /** Rebuilds the connection after a stored secret changed. */
  reconnect(): Promise<void>;
}

/** Everything command handlers use. */
export interface CommandServices {
  readonly connections: ConnectionSource;
  readonly view: InventoryView;
  readonly panels: ModelVersionPanels;
  readonly logger: Logger;
  readonly secrets: vscode.SecretStorage;
  readonly signIn: SignInControl;
  /** Every question to the user (quick picks, inputs, confirmations) goes through this. */
  readonly prompter: Prompter;
}
