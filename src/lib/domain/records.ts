/**
 * Records stored in shared documents carry a version, and each version after the first has one
 * migration from the version before it (tldraw's `migrations` are the model). A reader finds a
 * stored record's version, runs the migrations up to the current version, then parses the result:
 * no reader recognises old shapes by their keys.
 *
 * Records are migrated when read, never rewritten in place: in a Yjs document a rewrite adds items
 * that every client's first load then pays for, so a record stays as it was written and every
 * replica reads the same value from the same state. Pure: no IO, no Yjs.
 */

/** A stored record as plain data: its fields by name. */
export type RawRecord = Readonly<Record<string, unknown>>;

export type RecordType<T> = {
	/** for error messages, e.g. 'note' */
	readonly name: string;
	/** the version this build writes */
	readonly version: number;
	/** the version of a stored record (from its `v`, or from what was written before versions were recorded) */
	versionOf(raw: RawRecord): number;
	/** `migrations[n]` turns a record of version n - 1 into version n */
	readonly migrations: Readonly<Record<number, (raw: RawRecord) => RawRecord>>;
	/** the current version's fields as the typed value (tolerant: missing or wrong fields get defaults) */
	parse(raw: RawRecord): T;
};

/** Every version after the first has its migration, and none is missing or extra. */
export function checkMigrations(type: RecordType<unknown>): string[] {
	const problems: string[] = [];
	for (let v = 2; v <= type.version; v++) if (!type.migrations[v]) problems.push(`${type.name}: no migration to version ${v}`);
	for (const k of Object.keys(type.migrations)) {
		const v = Number(k);
		if (!Number.isInteger(v) || v < 2 || v > type.version) problems.push(`${type.name}: a migration to version ${k}, which does not exist`);
	}
	return problems;
}

/**
 * The record as the current version, parsed. A record of a later version than this build knows
 * (written by a newer build during an upgrade) is parsed as it is: its known fields still read.
 */
export function readRecord<T>(type: RecordType<T>, raw: RawRecord): T {
	let v = type.versionOf(raw);
	let r = raw;
	while (v < type.version) {
		v++;
		const up = type.migrations[v];
		if (!up) throw new Error(`${type.name}: no migration to version ${v}`);
		r = up(r);
	}
	return type.parse(r);
}
