import { CONFIG_FILE_NAMES } from '../config/file';
import { configuringVariables, envVariableNames } from '../env';
import { VENDOR_IDS, VENDOR_LIST } from '../registry';

/** What the program's help says after the commands: configuration, exit codes, completion. All vendor facts come from the registry. */
export function programHelpAfter(): string {
  const settings = VENDOR_LIST.filter((v) => v.settings.length > 0).map(
    (v) => `${Object.values(envVariableNames(v.id).settings).join(', ')} (${v.displayName}: ${v.settings.map((s) => s.help).join('; ')})`,
  );
  const example = VENDOR_IDS[0];
  return [
    '',
    'Providers come from the environment and from a config file:',
    `  ${configuringVariables().join(', ')}`,
    '  [+ _URL for another host]' + (settings.length > 0 ? ` [+ ${settings.join(', ')}]` : ''),
    ...(example !== undefined ? [`  more of one vendor: ${envVariableNames(example, 'STAGING').credential} configures ${example}-staging`] : []),
    `  config file: ${CONFIG_FILE_NAMES.join(' / ')}, looked for from the working directory upward, or --config <file>;`,
    '  it names providers (vendor, base URL, settings) whose credential comes from { "env": "VAR" } or { "command": [...] }, never inline.',
    '  tokenbridge providers shows what is configured and where each came from.',
    '  It may also name sinks once ("sinks": { "app-env": "dotenv:.env:API_TOKEN" }) for rotate --deliver @app-env.',
    '',
    'Rotation: rotate --deliver <sink> [--grace 24h] writes each step to a journal (.tokenbridge/journal.jsonl beside the',
    '  config file, else in the working directory, or --journal <file>); rotate --resume, from cron, revokes what is due',
    '  and finishes or unwinds what a crash left; journal shows what is in flight and what is due.',
    '',
    'Tokens as code: the config file\'s "tokens" section declares the tokens that should exist (provider, name, vendor',
    '  fields, expires, rotate, deliver); plan shows what it takes to get there, apply does it through the journal',
    '  (--plan <file>: a plan saved with plan --json, applied only if nothing changed since). A provider with',
    '  "prune": true under "providers" gets its undeclared tokens that tokenbridge made deleted.',
    '',
    'Output: tables for people; --json for scripts: a multi-provider command prints { "items": [...], "errors": [...] },',
    'and any failure puts one JSON object on stderr. A closed stdout (| head) ends the command quietly.',
    'Exit codes: 0 ok, 1 failure (or some providers or rotations failed, or a sink or the journal), 2 usage or configuration, 3 not found, 4 auth,',
    '  5 plan: changes pending (plan: 0 no changes, 1 something needs a person).',
    'Debugging: -v/--verbose or TOKENBRIDGE_DEBUG=1 prints one line per HTTP exchange on stderr (never a secret).',
    'Completion: source <(tokenbridge completion bash), or zsh.',
  ].join('\n');
}
