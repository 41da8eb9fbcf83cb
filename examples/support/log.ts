/** Prints one step of an example, indented under its heading. */
export type Log = (line: string) => void;

/** A console logger with a heading per example. */
export function section(title: string): Log {
  console.log(`\n== ${title}`);
  return (line) => console.log(`   ${line}`);
}

/** Describes a secret without printing it: examples never log token values. */
export function describeSecret(secret: { reveal(): string } | undefined): string {
  return secret ? `received (${secret.reveal().length} characters; store it now, it is shown once)` : 'not returned by the vendor';
}
