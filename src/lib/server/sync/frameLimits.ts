/**
 * The largest websocket frame each kind of socket may send, enforced by the `ws` receiver as the
 * frame's header arrives (its `maxPayload`), so that nothing larger is ever buffered: a participant
 * frame over its cap is refused before its body is read (close 1009). Reasons: docs/LIMITS.md.
 */
import type { Principal } from './principal';

/** A phone sends small typed operations: a note of NOTE_MAX characters fits many times over. */
export const PARTICIPANT_MAX_FRAME_BYTES = 8 * 1024;
/** Staff laptops send Yjs updates; a pasted list of notes or a restore of a big board stays under it. */
export const STAFF_MAX_FRAME_BYTES = 2 * 1024 * 1024;
/**
 * The projector is read-only, but it speaks y-websocket: after a reconnect it answers the server's
 * sync step with whatever it holds that the server lacks (ignored, but it must fit, or the projector
 * would be closed and reconnect in a loop). Its link is a secret of the staff, so it gets the staff cap.
 */
export const DISPLAY_MAX_FRAME_BYTES = STAFF_MAX_FRAME_BYTES;

export const MAX_FRAME_BYTES: Record<Principal['kind'], number> = {
	participant: PARTICIPANT_MAX_FRAME_BYTES,
	staff: STAFF_MAX_FRAME_BYTES,
	display: DISPLAY_MAX_FRAME_BYTES
};
