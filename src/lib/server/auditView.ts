/** Presenting audit log entries to the admin: times in Japan time, details as short text. */

const TOKYO = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Asia/Tokyo',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/** "2026-12-05 10:03:09" in Asia/Tokyo, whatever the server's own time zone. */
export function formatTokyoTime(ms: number): string {
	const p = Object.fromEntries(TOKYO.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
	return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The detail JSON as "key: value" lines; unreadable details are shown as stored. */
export function describeDetail(detail: string | null): string[] {
	if (!detail) return [];
	try {
		const parsed: unknown = JSON.parse(detail);
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
			return Object.entries(parsed).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
		}
	} catch {
		// fall through
	}
	return [detail];
}
