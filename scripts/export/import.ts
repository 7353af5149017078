/**
 * Imports a plan backup (JSON, from the plan's 計画書 page or `npm run export -- --format json`) into
 * the embedded store (DATA_DIR, default ./data), all or nothing:
 *
 *   npm run import -- --in <file>
 *
 * Meant for an empty data dir (a new server, or a restore); the plan must not exist there already.
 * Run it while the server is stopped.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/lib/server/db/database';
import { readConfig } from '../../src/lib/server/config';
import { BackupError, importPlanBackup } from '../../src/lib/server/export/planBackup';

const USAGE = '使い方: npm run import -- --in <バックアップ.json>';
function fail(message: string, code = 1): never {
	console.error(`エラー: ${message}`);
	if (code === 1) console.error(USAGE);
	process.exit(code);
}

let file: string | undefined;
try {
	file = parseArgs({ options: { in: { type: 'string' } }, strict: true }).values.in;
} catch (e) {
	fail(e instanceof Error ? e.message : String(e));
}
if (!file) fail('--in でバックアップファイルを指定してください。');
if (!fs.existsSync(file)) fail(`ファイル ${file} がありません。`);

const { dataDir } = readConfig();
fs.mkdirSync(dataDir, { recursive: true });
const db = openDatabase(dataDir);
try {
	const planId = await importPlanBackup(db, fs.readFileSync(file, 'utf8'));
	console.log(`計画 ${planId} を ${dataDir} に取り込みました。`);
} catch (e) {
	db.close();
	fail(e instanceof BackupError ? e.message : `取り込めませんでした: ${e instanceof Error ? e.message : String(e)}`, 2);
}
db.close();
