/** The drafting steps the product guides (see DOMAIN.md). */
export const STEP_IDS = ['know', 'issues', 'organise', 'vision', 'actions', 'compile', 'review'] as const;
export type StepId = (typeof STEP_IDS)[number];

export function isStepId(v: unknown): v is StepId {
	return typeof v === 'string' && (STEP_IDS as readonly string[]).includes(v);
}

/** Note kinds offered on a step. Configurable per workshop later; these are the defaults. */
export type NoteKind = { id: string; colour: 'yellow' | 'blue' | 'green' | 'pink' };

export const DEFAULT_NOTE_KINDS: Record<StepId, NoteKind[]> = {
	know: [{ id: 'resource', colour: 'green' }],
	issues: [
		{ id: 'concern', colour: 'yellow' }, // 気になること
		{ id: 'strength', colour: 'blue' } // いいところ
	],
	organise: [{ id: 'concern', colour: 'yellow' }],
	vision: [{ id: 'vision', colour: 'pink' }],
	actions: [{ id: 'action', colour: 'green' }],
	compile: [],
	review: [{ id: 'review', colour: 'green' }]
};
