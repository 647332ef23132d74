/**
 * Entry that VS Code's extension host loads as --extensionTestsPath (desktop VS Code via @vscode/test-electron, or
 * code-server via test/vscode/driver.ts): runs every out/test/extension/**\/*.test.js under mocha and settles with
 * the result, which the host turns into its exit code.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Built test files below `dir`, sorted so the order is the same on every machine (no glob dependency). */
function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  // Colors off: the output travels through the workbench's log channel (or a CI log) as plain text.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // Optional filter for a quicker inner loop, e.g. AML_TEST_GREP=activation npm run test:extension.
  if (process.env.AML_TEST_GREP) mocha.grep(process.env.AML_TEST_GREP);
  for (const file of findTests(__dirname)) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed`)) : resolve()));
    } catch (err) {
      reject(err);
    }
  });
}
