import type { InventoryOptions } from '@tokenbridge/core';
import type { CliIo } from './io';

/**
 * A one-line progress display of a multi-provider listing, on stderr when it
 * is a terminal (never in pipes, where it would garble output).
 */
export function progressOn(stderr: CliIo['stderr']): { options: { onProgress?: InventoryOptions<string>['onProgress'] }; finish(): void } {
  if (!stderr.isTTY) return { options: {}, finish: () => undefined };
  const counts = new Map<string, string>();
  const write = (text: string): void => void stderr.write(text);
  return {
    options: {
      onProgress: (p) => {
        counts.set(p.providerKey, p.failed ? 'failed' : p.done ? `${p.tokens} done` : `${p.tokens}...`);
        write(`\r\u001b[2Klisting ${[...counts.entries()].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
      },
    },
    finish: () => write('\r\u001b[2K'),
  };
}
