// `node:assert/strict` for the browser run, from the npm port of Node's assert.
import assert from 'assert';

export default assert.strict;
export const { ok, equal, notEqual, deepEqual, notDeepEqual, throws, rejects, doesNotThrow, match, fail } =
  assert.strict;
