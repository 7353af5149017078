/**
 * What the facilitator puts on stage beyond the board (進行の表示): the prompt phones answer on a
 * step (editable; absent = the product's default wording), what the projector shows (the board or
 * the plan's vision), and the vision text shown on phones read-only (plain text, set by the server
 * from the plan document; absent = phones get none). Kept in the board's `controls` map, so that
 * projectors (projectorMirror.ts: `projectorView` only) and phones (participantView.ts) follow.
 * Pure: no IO.
 */
import type * as Y from 'yjs';
import { controlsMap } from './controls';
import { checkText, type TextError } from '../text';
import { isStepId, type StepId } from './steps';

export type ProjectorView = 'board' | 'vision';
export type Stage = {
	/** the facilitator's prompt per step (only steps that have one) */
	prompts: Partial<Record<StepId, string>>;
	projectorView: ProjectorView;
	/** the vision as plain text for phones, or null while it is not shown on phones */
	phoneVision: string | null;
};

export const PROMPT_MAX = 100;
/** The longest vision text phones get (statements and explanation). */
export const PHONE_VISION_MAX = 4000;

export function readStage(doc: Y.Doc): Stage {
	const c = controlsMap(doc);
	const raw = c.get('prompts');
	const prompts: Partial<Record<StepId, string>> = {};
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
		for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (isStepId(k) && typeof v === 'string' && v) prompts[k] = v;
	}
	const phoneVision = c.get('phoneVision');
	return {
		prompts,
		projectorView: c.get('projectorView') === 'vision' ? 'vision' : 'board',
		phoneVision: typeof phoneVision === 'string' && phoneVision ? phoneVision : null
	};
}

/** Set the prompt of a step; empty text brings back the default wording. */
export function setPrompt(doc: Y.Doc, step: StepId, text: string): { ok: true } | { ok: false; error: TextError } {
	const prompts = { ...readStage(doc).prompts };
	if (text.trim() === '') delete prompts[step];
	else {
		const t = checkText(text, PROMPT_MAX);
		if (!t.ok) return t;
		prompts[step] = t.text;
	}
	controlsMap(doc).set('prompts', prompts);
	return { ok: true };
}

export function setProjectorView(doc: Y.Doc, view: ProjectorView): void {
	if (readStage(doc).projectorView !== view) controlsMap(doc).set('projectorView', view);
}

/** Show `text` on phones (cut to PHONE_VISION_MAX characters), or stop showing it (null). */
export function setPhoneVision(doc: Y.Doc, text: string | null): void {
	controlsMap(doc).set('phoneVision', text ? [...text].slice(0, PHONE_VISION_MAX).join('') : '');
}
