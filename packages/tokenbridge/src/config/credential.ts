import { execFile } from 'node:child_process';
import { type ProviderConfig, checkCredential, configError } from './provider-config';

type Env = Readonly<Record<string, string | undefined>>;
/** Where a credential command's standard error goes: the user's terminal. */
type Stderr = { write(text: string): unknown };

/** How long a credential command may take (a password manager may wait for an unlock). */
export const CREDENTIAL_COMMAND_TIMEOUT_MS = 60_000;

/** Where `config`'s credential is configured, for errors: the variable, or the file's field. */
export function credentialOrigin(config: ProviderConfig): string {
  return config.origin === 'environment' && 'env' in config.credential ? config.credential.env : `${config.origin}: providers.${config.key}.credential`;
}

/**
 * Reads `config`'s credential: the environment variable's value, or the
 * standard output of its command (run without a shell, one trailing line
 * break removed; its standard error goes to the user's terminal). Errors name
 * the variable or the command, never a value or the command's output.
 */
export async function readCredential(config: ProviderConfig, env: Env, stderr: Stderr): Promise<string> {
  const source = config.credential;
  const where = credentialOrigin(config);
  if ('env' in source) {
    const value = env[source.env];
    if (value === undefined) throw configError(where, `names ${source.env}, which is not set`);
    checkCredential(value, source.env);
    return value;
  }
  const value = (await runCommand(source.command, env, stderr, where)).replace(/\r?\n$/, '');
  checkCredential(value, `${where} (the output of ${source.command[0]})`);
  return value;
}

function runCommand(argv: readonly string[], env: Env, stderr: Stderr, where: string): Promise<string> {
  const [program = '', ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      { shell: false, env: { ...env }, timeout: CREDENTIAL_COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024, windowsHide: true, encoding: 'utf8' },
      (error, stdout) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT'
            ? `runs ${program}, which was not found`
            : error.killed
              ? `runs ${program}, which did not finish within ${CREDENTIAL_COMMAND_TIMEOUT_MS / 1000} s`
              : `runs ${program}, which failed${typeof code === 'number' ? ` with exit code ${code}` : ''} (its output is not shown)`;
        reject(configError(where, reason));
      },
    );
    child.stdin?.end();
    child.stderr?.on('data', (chunk: string) => void stderr.write(chunk));
  });
}
