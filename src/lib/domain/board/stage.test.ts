import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { readStage, setPhoneVision, setProjectorView, setPrompt, PHONE_VISION_MAX, PROMPT_MAX } from './stage';
import { controlsMap } from './controls';

describe('stage', () => {
	it('starts with default prompts, the board on the projector and nothing on phones', () => {
		expect(readStage(new Y.Doc())).toEqual({ prompts: {}, projectorView: 'board', phoneVision: null });
	});

	it('keeps a prompt per step, validated; empty brings back the default', () => {
		const doc = new Y.Doc();
		expect(setPrompt(doc, 'vision', ' 10年後の地区は？ ')).toEqual({ ok: true });
		expect(readStage(doc).prompts).toEqual({ vision: '10年後の地区は？' });
		expect(setPrompt(doc, 'vision', 'あ'.repeat(PROMPT_MAX + 1))).toEqual({ ok: false, error: 'text_too_long' });
		expect(readStage(doc).prompts.vision).toBe('10年後の地区は？');
		expect(setPrompt(doc, 'vision', '')).toEqual({ ok: true });
		expect(readStage(doc).prompts).toEqual({});
	});

	it('ignores stored junk: unknown steps, other types', () => {
		const doc = new Y.Doc();
		controlsMap(doc).set('prompts', { vision: 3, nope: 'x', issues: 'よい' });
		controlsMap(doc).set('projectorView', 'everything');
		expect(readStage(doc)).toEqual({ prompts: { issues: 'よい' }, projectorView: 'board', phoneVision: null });
	});

	it('switches the projector and shows or hides the vision on phones (capped)', () => {
		const doc = new Y.Doc();
		setProjectorView(doc, 'vision');
		expect(readStage(doc).projectorView).toBe('vision');
		setPhoneVision(doc, 'あ'.repeat(PHONE_VISION_MAX + 10));
		expect([...readStage(doc).phoneVision!].length).toBe(PHONE_VISION_MAX);
		setPhoneVision(doc, null);
		expect(readStage(doc).phoneVision).toBeNull();
	});
});
