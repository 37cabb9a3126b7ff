/** The Go number formats dive prints with, against values Go and go-humanize print (dive's own test figures among them). */
import {describe, expect, test} from 'vitest';
import {goFixed4, goFloat, humanizeBytes, parseHumanBytes} from '../../source/core/analysis/go-numbers.js';

describe('Go number formats', () => {
	test('go-humanize Bytes, as dive\'s Inefficient Files column', () => {
		expect([0, 9, 10, 999, 1000, 6405, 12_810, 32_025, 82_854_982, 1_220_598].map(value => humanizeBytes(value)))
			.toEqual(['0 B', '9 B', '10 B', '999 B', '1.0 kB', '6.4 kB', '13 kB', '32 kB', '83 MB', '1.2 MB']);
	});

	test('%v of a float64', () => {
		expect([0.984_421_213_418_430_9, 1, 0.1, 1e-5, 0.0001, 1e21, 123_456_789, Number.NaN, Number.POSITIVE_INFINITY].map(value => goFloat(value)))
			.toEqual(['0.9844212134184309', '1', '0.1', '1e-05', '0.0001', '1e+21', '123456789', 'NaN', '+Inf']);
		expect(goFixed4(98.442_121_341_843_09)).toBe('98.4421');
	});

	test('go-humanize ParseBytes, as highestWastedBytes is read', () => {
		expect(['20MB', '20 MB', '1.5GiB', '1,000', '42', '5KB', '5kib', 'disabled', '', 'MB'].map(value => parseHumanBytes(value)))
			.toEqual([20_000_000, 20_000_000, 1_610_612_736, 1000, 42, 5000, 5120, undefined, undefined, undefined]);
	});
});
