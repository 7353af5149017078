/**
 * Demo data: the vision (将来像) of the demo's drafted plan: adopted statements, one candidate left
 * over from the vote, and an explanation with a heading and a list. Our own fictional wording.
 * Written through the sync core like any change, so the plan document holds it from the start.
 */
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { SyncServer } from '../sync/syncServer';
import { planDocName } from '../sync/kinds/plan';
import { visionSchema } from '../../editor/visionExtensions';
import { addStatement, readStatements, setStatementStatus, visionFragment } from '../../domain/plan/vision';

const STATEMENTS: readonly (readonly [id: string, text: string, adopted: boolean])[] = [
	['demovision01', 'となりの顔がわかり、困ったときに「お互いさま」と言える地区', true],
	['demovision02', '子どもからお年寄りまで、気軽に立ち寄れる居場所がある地区', true],
	['demovision03', '坂道でも買い物や通院に困らない、移動を支えあう地区', true],
	['demovision04', '災害のときに一人も取り残さない地区', false]
];

const t = (text: string, bold = false) => ({ type: 'text', text, ...(bold ? { marks: [{ type: 'bold' }] } : {}) });
const item = (text: string) => ({ type: 'listItem', content: [{ type: 'paragraph', content: [t(text)] }] });

const EXPLANATION = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 2 }, content: [t('将来像にこめた思い')] },
		{
			type: 'paragraph',
			content: [t('2回のワークショップで出た付箋は、「'), t('顔の見える関係', true), t('」「集まれる場所」「移動の不安」の3つにまとまりました。10年後も住み続けたいと思える地区を、みんなでつくっていきます。')]
		},
		{ type: 'heading', attrs: { level: 3 }, content: [t('大切にしたいこと')] },
		{ type: 'bulletList', content: [item('あいさつと声かけを毎日の習慣にする'), item('サロンや子ども食堂を、世代をこえて使える場にする'), item('できる人が、できるときに、できることを')] }
	]
};

/** Fill the plan's vision unless it has statements already (a restart of the demo changes nothing). */
export async function seedDemoVision(sync: SyncServer, planId: string): Promise<void> {
	await sync.change(planDocName(planId), (doc) => {
		if (readStatements(doc).length > 0) return;
		for (const [id, text, adopted] of STATEMENTS) {
			addStatement(doc, { id, text });
			if (adopted) setStatementStatus(doc, id, 'adopted');
		}
		prosemirrorJSONToYXmlFragment(visionSchema(), EXPLANATION, visionFragment(doc));
	});
}
