import { Command } from 'commander';
import { VENDOR_LIST } from '../registry';
import { COMMANDS } from './commands';
import type { CommandContext } from './context';
import { programHelpAfter } from './help';
import { packageVersion } from './version';

/** The program: global options, help, and every command module. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('tokenbridge')
    .description(`Create, inspect, update, rotate and revoke API tokens on ${VENDOR_LIST.map((v) => v.displayName).join(', ')}.`)
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--config <file>', 'the config file (default: tokenbridge.config.json or .yaml from the working directory upward)')
    .option('-v, --verbose', 'print one line per HTTP exchange on stderr (as TOKENBRIDGE_DEBUG=1 does)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.out(text),
      // With --json a failure is reported once, as JSON, by reportError (commander's text and its help hint stay out).
      writeErr: (text) => (ctx.json ? undefined : ctx.err(text)),
    })
    .showHelpAfterError('(run tokenbridge --help for usage)')
    .addHelpText('after', programHelpAfter());
  program.hook('preAction', (_program, action) => {
    ctx.globals = program.opts();
    ctx.json = action.opts()['json'] === true;
  });
  for (const command of COMMANDS) command.register(program, ctx);
  return program;
}
