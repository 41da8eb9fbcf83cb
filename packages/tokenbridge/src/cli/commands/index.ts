import { applyCommand } from './apply';
import { auditCommand } from './audit';
import type { CommandModule } from './command';
import { completionCommand } from './completion';
import { createCommand } from './create';
import { deleteCommand } from './delete';
import { expiringCommand } from './expiring';
import { getCommand } from './get';
import { journalCommand } from './journal';
import { listCommand } from './list';
import { planCommand } from './plan';
import { providersCommand } from './providers';
import { rotateCommand } from './rotate';
import { updateCommand } from './update';

export type { CommandModule } from './command';

/** Every `tokenbridge` command, in the order help lists them. */
export const COMMANDS: readonly CommandModule[] = [
  providersCommand,
  listCommand,
  getCommand,
  createCommand,
  updateCommand,
  deleteCommand,
  rotateCommand,
  journalCommand,
  planCommand,
  applyCommand,
  expiringCommand,
  auditCommand,
  completionCommand,
];
