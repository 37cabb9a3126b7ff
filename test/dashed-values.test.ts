import {expect, test} from 'vitest';
import {joinDashedValues} from '../source/commands/dashed-values.js';

const options = {limit: {type: 'string'}, filter: {type: 'string', short: 'f'}, all: {type: 'boolean', short: 'a'}} as const;

test('a value that starts with a dash is the option\'s, as pflag reads it (docker, podman)', () => {
	expect(joinDashedValues(['--limit', '-1', 'repo'], options)).toEqual(['--limit=-1', 'repo']);
	expect(joinDashedValues(['-f', '-x', 'repo'], options)).toEqual(['-f-x', 'repo']);
	// A boolean takes nothing; `--` ends the options, and what follows stays as it is.
	expect(joinDashedValues(['-a', '-f', 'x', '--', '--limit', '-1'], options)).toEqual(['-a', '-f', 'x', '--', '--limit', '-1']);
	expect(joinDashedValues(['--limit', '--', 'x'], options)).toEqual(['--limit', '--', 'x']);
	expect(joinDashedValues(['--limit'], options)).toEqual(['--limit']);
});
