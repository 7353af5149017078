/**
 * Note kinds per step (付箋の種類): the defaults (e.g. 気になること / いいところ for surfacing issues)
 * or the facilitator's own set for a step, each with a label and a colour. Kinds are told apart by
 * colour AND by a mark, so they stay distinguishable for colour-blind viewers. Pure.
 */
import type * as Y from 'yjs';
import { ok, err, type Result } from './result';
import { checkText } from './text';
import { DEFAULT_NOTE_KINDS, type StepId } from './steps';

export const KIND_COLOURS = ['yellow', 'blue', 'green', 'pink'] as const;
export type KindColour = (typeof KIND_COLOURS)[number];
/** label '' means "the default, translated label of this id" */
export type KindDef = { id: string; label: string; colour: KindColour };
export type KindError = 'too_many_kinds' | 'no_kinds' | 'duplicate_kind' | 'bad_kind_id' | 'text_empty' | 'text_too_long' | 'text_control_chars';

export const KIND_LABEL_MAX = 12;
export const MAX_KINDS = 4;

export function kindsMap(doc: Y.Doc): Y.Map<KindDef[]> {
	return doc.getMap('kinds');
}

export function isKindDef(v: unknown): v is KindDef {
	if (typeof v !== 'object' || v === null) return false;
	const k = v as Record<string, unknown>;
	return typeof k.id === 'string' && typeof k.label === 'string' && (KIND_COLOURS as readonly string[]).includes(k.colour as string);
}

export function defaultKinds(step: StepId): KindDef[] {
	return DEFAULT_NOTE_KINDS[step].map((k) => ({ id: k.id, label: '', colour: k.colour }));
}

export function readKinds(doc: Y.Doc, step: StepId): KindDef[] {
	const custom = kindsMap(doc).get(step);
	if (Array.isArray(custom) && custom.length > 0 && custom.every(isKindDef)) return custom.map((k) => ({ id: k.id, label: k.label, colour: k.colour }));
	return defaultKinds(step);
}

/** Every kind that notes on this board may have, by id (custom labels win over defaults). */
export function allKindDefs(doc: Y.Doc): Map<string, KindDef> {
	const out = new Map<string, KindDef>();
	for (const list of Object.values(DEFAULT_NOTE_KINDS)) for (const k of list) out.set(k.id, { id: k.id, label: '', colour: k.colour });
	kindsMap(doc).forEach((list) => {
		if (Array.isArray(list)) for (const k of list) if (isKindDef(k)) out.set(k.id, k);
	});
	return out;
}

/** Replace the kinds of a step. Ids must be unique and URL-safe; labels 1-12 characters. */
export function setKinds(doc: Y.Doc, step: StepId, kinds: KindDef[]): Result<KindDef[], KindError> {
	if (kinds.length === 0) return err('no_kinds');
	if (kinds.length > MAX_KINDS) return err('too_many_kinds');
	const ids = new Set<string>();
	const clean: KindDef[] = [];
	for (const k of kinds) {
		if (!/^[a-z0-9-]{2,24}$/.test(k.id)) return err('bad_kind_id');
		if (ids.has(k.id)) return err('duplicate_kind');
		ids.add(k.id);
		if (!(KIND_COLOURS as readonly string[]).includes(k.colour)) return err('bad_kind_id');
		let label = '';
		if (k.label.trim() !== '') {
			const t = checkText(k.label, KIND_LABEL_MAX);
			if (!t.ok) return err(t.error);
			label = t.text.replace(/\n/g, ' ');
		}
		clean.push({ id: k.id, label, colour: k.colour });
	}
	kindsMap(doc).set(step, clean);
	return ok(clean);
}

export function resetKinds(doc: Y.Doc, step: StepId): void {
	kindsMap(doc).delete(step);
}
