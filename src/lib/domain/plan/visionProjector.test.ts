import { describe, it, expect } from 'vitest';
import * as Y from 'yjs';
import { VisionMirror, readProjectedVision } from './visionProjector';
import { addStatement, setStatementStatus, visionFragment } from './vision';

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

describe('VisionMirror', () => {
	it('holds only the statements and the explanation, and follows their changes', () => {
		const plan = new Y.Doc();
		plan.getMap('actions').set('a1', { secret: '内部の取り組み案' });
		addStatement(plan, { id: 's1', text: '見守りあう地区' });
		const mirror = new VisionMirror(plan);
		expect([...mirror.doc.share.keys()]).toEqual(['vision']);
		expect(readProjectedVision(mirror.doc)).toEqual({ statements: [{ id: 's1', text: '見守りあう地区', status: 'candidate' }], blocks: [] });
		visionFragment(plan).insert(0, [paragraph('説明')]);
		setStatementStatus(plan, 's1', 'adopted');
		expect(readProjectedVision(mirror.doc)).toEqual({
			statements: [{ id: 's1', text: '見守りあう地区', status: 'adopted' }],
			blocks: [{ type: 'paragraph', runs: [{ text: '説明', bold: false }] }]
		});
		// typing inside a paragraph (a deep change) reaches the copy
		((visionFragment(plan).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(2, 'です');
		expect(readProjectedVision(mirror.doc).blocks).toEqual([{ type: 'paragraph', runs: [{ text: '説明です', bold: false }] }]);
		expect(JSON.stringify(Y.encodeStateAsUpdate(mirror.doc))).not.toContain('secret');
		mirror.destroy();
	});

	it('starts from a stored copy: unchanged when the plan is the same, reconciled when not', () => {
		const plan = new Y.Doc();
		addStatement(plan, { id: 's1', text: 'A' });
		const first = new VisionMirror(plan);
		const stored = Y.encodeStateAsUpdate(first.doc);
		first.destroy();
		const same = new VisionMirror(plan, { from: stored });
		expect(same.changedOnBuild).toBe(false);
		same.destroy();
		addStatement(plan, { id: 's2', text: 'B' });
		const later = new VisionMirror(plan, { from: stored });
		expect(later.changedOnBuild).toBe(true);
		expect(readProjectedVision(later.doc).statements.map((s) => s.text)).toEqual(['A', 'B']);
	});
});
