import { describe, it, expect, afterAll } from 'vitest';
import PizZip from 'pizzip';
import { WorkerDocxRenderer, InlineDocxRenderer } from './docxRenderer';
import { defaultTemplate } from './councilTemplates';
import { SAMPLE_DATA } from './templateSchema';
import type { PlanDocData } from '../../domain/exportPlan';

const worker = new WorkerDocxRenderer();
afterAll(() => worker.close());

const documentXml = (bytes: Uint8Array) => new PizZip(bytes).file('word/document.xml')!.asText();

/** The sample data with its themes repeated until the document is big enough to take a while. */
function bigData(copies: number): PlanDocData {
	const themes = Array.from({ length: copies }, (_, i) => SAMPLE_DATA.themes.map((t) => ({ ...t, title: `${t.title} ${i + 1}` }))).flat();
	return { ...SAMPLE_DATA, themes, themeCount: themes.length };
}

describe('WorkerDocxRenderer', () => {
	it('fills the template on its thread with the same result as rendering in place', async () => {
		const [off, inPlace] = await Promise.all([worker.render(defaultTemplate(), SAMPLE_DATA), new InlineDocxRenderer().render(defaultTemplate(), SAMPLE_DATA)]);
		expect(off.ok && inPlace.ok).toBe(true);
		if (!off.ok || !inPlace.ok) return;
		expect(Buffer.isBuffer(off.value)).toBe(true);
		expect(documentXml(off.value)).toBe(documentXml(inPlace.value));
		expect(documentXml(off.value)).toContain(SAMPLE_DATA.districtName);
	});

	it('keeps the event loop free while it renders (the inline renderer blocks it)', async () => {
		const data = bigData(200);
		await worker.render(defaultTemplate(), data); // thread started and warm
		let ticks = 0;
		const timer = setInterval(() => ticks++, 1);
		try {
			const started = performance.now();
			const r = await worker.render(defaultTemplate(), data);
			const ms = performance.now() - started;
			expect(r.ok).toBe(true);
			// A render of this size takes tens of ms; the main thread ticked meanwhile.
			expect(ms).toBeGreaterThan(10);
			expect(ticks).toBeGreaterThan(0);
			ticks = 0;
			const inline = new InlineDocxRenderer().render(defaultTemplate(), data);
			expect(ticks, 'the inline renderer finished before any timer could run').toBe(0);
			expect((await inline).ok).toBe(true);
		} finally {
			clearInterval(timer);
		}
	});

	it('checks templates on its thread', async () => {
		expect(await worker.check(defaultTemplate())).toEqual([]);
		expect(await worker.check(new Uint8Array([1, 2, 3]))).toEqual([{ code: 'not_docx', tag: null, detail: null }]);
	});

	it('ends a check that takes longer than its limit, refusing the template; the next job gets a new thread', async () => {
		const impatient = new WorkerDocxRenderer({ checkMs: 1 });
		try {
			expect(await impatient.check(defaultTemplate())).toEqual([{ code: 'check_failed', tag: null, detail: null }]);
			const r = await impatient.render(defaultTemplate(), SAMPLE_DATA);
			expect(r.ok).toBe(true);
		} finally {
			await impatient.close();
		}
	});

	it('answers a broken template with its problems, not an exception', async () => {
		const r = await worker.render(new Uint8Array([1, 2, 3]), SAMPLE_DATA);
		expect(r).toMatchObject({ ok: false, problems: [{ code: 'not_docx' }] });
	});
});
