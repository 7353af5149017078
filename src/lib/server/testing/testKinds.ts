/** Document kinds for tests that run the sync core without the app's records: boards, opened without authorisation. */
import { DocKinds } from '../sync/docKinds';
import { BOARD_DOCS } from '../sync/kinds/board';

export const testKinds = (): DocKinds => new DocKinds([{ ...BOARD_DOCS, authorize: async () => ({ ok: false, status: 403, message: 'tests hand sockets over directly' }) }]);
