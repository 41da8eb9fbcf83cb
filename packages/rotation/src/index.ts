/**
 * @tokenbridge/rotation: where rotated secrets go and where rotations are
 * written down. Secret sinks for a dotenv file, a JSON file, a command's
 * stdin and a callback; the JSON-lines rotation journal; the sink spec parser
 * the command line uses. Node only: file system and processes stay out of
 * `@tokenbridge/core`, which holds the interfaces.
 *
 * @packageDocumentation
 */
export { dotenvSink, setDotenvValue } from './dotenv';
export type { DotenvSinkOptions } from './dotenv';
export { jsonFileSink, setJsonValue } from './json-file';
export type { JsonFileSinkOptions } from './json-file';
export { commandSink } from './command';
export type { CommandOutput, CommandSinkOptions } from './command';
export { callbackSink } from './callback';
export { parseSinkSpec, sinkResolver } from './sink-spec';
export type { SinkSpecOptions } from './sink-spec';
export { DEFAULT_JOURNAL_PATH, fileJournal } from './file-journal';
export type { FileJournalOptions } from './file-journal';
