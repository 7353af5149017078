/**
 * The projector's pages (the board, the action matrix, the vision): which page is up, turning them by
 * themselves every pageMs (the timer starts again after a key press), → / PageDown and ← / PageUp from the
 * projector's laptop or a presenter's remote, and the squeeze: pages are cut from estimated heights, so after
 * drawing a page that still overflows, the room is counted a little smaller (squeeze < 1) until nothing does.
 * The squeeze goes back to 1 when the content or the screen changes (a shorter draft gets full pages again).
 *
 * Build it while the component initialises (its effects belong to the component).
 */
import { tick, untrack } from 'svelte';
import { nextPage, previousPage } from '$lib/domain/projectorPages';

export type ProjectorPagerOptions = {
	/** how many pages there are now */
	count: () => number;
	/** ms between two turns by themselves */
	pageMs: () => number;
	/**
	 * pages whose ends are only known once drawn (the board): the owner turns them and says whether there
	 * is more than one; the pager keeps the timer and the keys
	 */
	turn?: { next: () => void; previous: () => void; active: () => boolean };
	/** another topic (another theme): back to the first page, squeeze 1 */
	topic?: () => unknown;
	/** a key of what is paged and of the room it has: when it changes, squeeze 1 (measured afresh) */
	content?: () => unknown;
	/** the check after drawing: what is drawn (read to rerun), whether it overflows, the smallest squeeze */
	fit?: { drawn: () => unknown; overflows: () => boolean; min: number };
};

const NOTHING = Symbol('nothing');
const KEYS_NEXT = new Set(['ArrowRight', 'PageDown']);
const KEYS_PREVIOUS = new Set(['ArrowLeft', 'PageUp']);

export class ProjectorPager {
	/** the page asked for (0-based); `shown` is the one drawn */
	page = $state(0);
	/** 1, or less after a drawn page overflowed the estimate */
	squeeze = $state(1);
	#turned = $state(0);
	readonly #o: ProjectorPagerOptions;

	constructor(options: ProjectorPagerOptions) {
		this.#o = options;
		const { topic, content, fit } = options;
		if (topic) {
			let last: unknown = NOTHING;
			$effect(() => {
				const now = topic();
				if (now === last) return;
				last = now;
				untrack(() => {
					this.page = 0;
					this.squeeze = 1;
				});
			});
		}
		if (content) {
			let last: unknown = NOTHING;
			$effect(() => {
				const now = content();
				if (now === last) return;
				last = now;
				untrack(() => (this.squeeze = 1));
			});
		}
		if (fit) {
			$effect(() => {
				void fit.drawn();
				void tick().then(() => {
					if (this.squeeze > fit.min && fit.overflows()) this.squeeze = Math.round((this.squeeze - 0.08) * 100) / 100;
				});
			});
		}
		// Turn the page now and then; after the last page, the first. A key press starts the timer again.
		$effect(() => {
			void this.#turned;
			if (!this.active) return;
			const t = setInterval(this.next, options.pageMs());
			return () => clearInterval(t);
		});
	}

	/** how many pages (at least one) */
	get count(): number {
		return Math.max(1, this.#o.count());
	}
	/** the page drawn: the one asked for, or the last when there are fewer now */
	get shown(): number {
		return Math.min(this.page, this.count - 1);
	}
	/** more than one page: the timer and the keys turn them */
	get active(): boolean {
		return this.#o.turn ? this.#o.turn.active() : this.count > 1;
	}

	next = (): void => {
		if (this.#o.turn) this.#o.turn.next();
		else this.page = nextPage(this.shown, this.count);
	};
	previous = (): void => {
		if (this.#o.turn) this.#o.turn.previous();
		else this.page = previousPage(this.shown, this.count);
	};
	/** For `<svelte:window onkeydown>`: → / PageDown next page, ← / PageUp previous. */
	keydown = (e: KeyboardEvent): void => {
		if (!this.active) return;
		if (KEYS_NEXT.has(e.key)) this.next();
		else if (KEYS_PREVIOUS.has(e.key)) this.previous();
		else return;
		this.#turned++;
	};
}
