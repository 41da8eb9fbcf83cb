/**
 * The rotation marker: a suffix on a replacement's name that lets a rotation
 * find its replacement again from the vendor alone, when a crash came between
 * the vendor's answer and the journal entry. `name tb-<rotationId>`, or for a
 * dual rotation `name tb-<credentialId>-<rotationId>`. Only letters, digits,
 * space and `-`: every vendor accepts those in names (SoftwareOne accepts little
 * else), and every vendor's name filter finds them.
 */

const ID_LENGTH = 13;
const TIME_LENGTH = 9;
const MARKER = / tb-(?:([0-9a-z]{13})-)?([0-9a-z]{13})$/;

/** The rotation id given to a token that joined a dual credential without being created by it: sorts before any real id. */
export const ADOPTED_ID = '0'.repeat(ID_LENGTH);

/**
 * A new rotation id: the time in base 36 (9 characters, so ids sort by time),
 * then 4 random base-36 characters.
 */
export function newRotationId(now: number, random: () => number): string {
  let suffix = '';
  for (let i = 0; i < ID_LENGTH - TIME_LENGTH; i++) suffix += Math.floor(random() * 36).toString(36);
  return Math.max(0, Math.floor(now)).toString(36).padStart(TIME_LENGTH, '0').slice(-TIME_LENGTH) + suffix;
}

/** True for a string of the rotation id form. */
export function isRotationId(value: string): boolean {
  return /^[0-9a-z]{13}$/.test(value);
}

/** What a name's marker says. */
export interface ParsedName {
  /** The name without its marker. */
  readonly base: string;
  /** The rotation that created the token, when it carries a marker. */
  readonly rotationId?: string;
  /** The dual credential it belongs to. */
  readonly credentialId?: string;
}

/** Splits a name into its base and marker. */
export function parseMarkedName(name: string): ParsedName {
  const m = MARKER.exec(name);
  if (!m) return { base: name };
  return { base: name.slice(0, m.index), rotationId: m[2] as string, ...(m[1] !== undefined ? { credentialId: m[1] } : {}) };
}

/** The text every name marked by `rotationId` contains (what a list filters on). */
export function markerText(rotationId: string, credentialId?: string): string {
  return credentialId === undefined ? `tb-${rotationId}` : `tb-${credentialId}-${rotationId}`;
}

/** The text every member of a dual credential's name contains. */
export function credentialText(credentialId: string): string {
  return `tb-${credentialId}-`;
}

/**
 * `name` with a previous marker replaced by this rotation's, shortened so the
 * whole fits in `maxLength`.
 */
export function markName(name: string, rotationId: string, maxLength: number, credentialId?: string): string {
  const marker = ` ${markerText(rotationId, credentialId)}`;
  const base = parseMarkedName(name).base.trimEnd();
  return `${base.slice(0, Math.max(0, maxLength - marker.length)).trimEnd()}${marker}`;
}

/** How many characters the marker adds to a name (with its leading space): 17, or 31 for a dual credential's. */
export function markerLength(dual: boolean): number {
  return 1 + markerText(ADOPTED_ID, dual ? ADOPTED_ID : undefined).length;
}

/** When the rotation `rotationId` was planned (its first 9 characters are the time in base 36), or `undefined` for an adopted token's id. */
export function rotationIdTime(rotationId: string): number | undefined {
  if (!isRotationId(rotationId) || rotationId === ADOPTED_ID) return undefined;
  const ms = parseInt(rotationId.slice(0, TIME_LENGTH), 36);
  return Number.isFinite(ms) ? ms : undefined;
}
