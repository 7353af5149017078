/** Step names for the UI. */
import { m } from '$lib/paraglide/messages';
import type { StepId } from '$lib/domain/board/steps';

const LABELS: Record<StepId, () => string> = {
	know: m.step_know,
	issues: m.step_issues,
	organise: m.step_organise,
	vision: m.step_vision,
	actions: m.step_actions,
	compile: m.step_compile,
	review: m.step_review
};

export const stepLabel = (s: StepId) => LABELS[s]();
