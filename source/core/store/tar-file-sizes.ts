/**
 * A layer's size as docker counts it: the sum of its entries' sizes as Go's
 * archive/tar reports them (dockerd's UnpackLayer adds each header's Size),
 * so a regular file counts its bytes, a sparse one its full length, and a
 * directory, a link or a whiteout nothing — not the tar stream's length,
 * which adds 512-byte headers and padding (a 14-byte file is a 2 kB tar) and
 * leaves out a sparse file's holes (1 GiB in 20 kB).
 *
 * Fed the uncompressed stream in chunks as it passes (pull, load, commit),
 * it reads only the headers and skips the data. A stream that is not a tar
 * it can read gives no figure (undefined): the caller falls back to the
 * stream's size, as records made before this figure existed do.
 */

import {Transform, type TransformCallback} from 'node:stream';

const block = 512;

export class TarFileSizes {
	#total = 0;
	/** Bytes of the current header being gathered (a header can straddle chunks). */
	readonly #header = Buffer.alloc(block);
	#filled = 0;
	/** Bytes still to skip: an entry's data and padding, or GNU sparse extension blocks. */
	#skip = 0;
	/** Bytes of a PAX or GNU long-name entry's data to keep (its records apply to the next header). */
	#meta?: {bytes: Buffer; filled: number; kind: 'pax' | 'other'};
	#metaPadding = 0;
	/** PAX records for the next entry: its size, a sparse file's real size. */
	#pax: Record<string, string> = {};
	#ended = false;
	#broken = false;
	/** While GNU sparse extension blocks are read: the entry's data (and padding) to skip after them. */
	#sparseMap?: number;

	write(chunk: Uint8Array): void {
		let offset = 0;
		while (offset < chunk.length && !this.#ended && !this.#broken) {
			if (this.#skip > 0) {
				const skipped = Math.min(this.#skip, chunk.length - offset);
				this.#skip -= skipped;
				offset += skipped;
				continue;
			}

			if (this.#meta) {
				const meta = this.#meta;
				const taken = Math.min(meta.bytes.length - meta.filled, chunk.length - offset);
				meta.bytes.set(chunk.subarray(offset, offset + taken), meta.filled);
				meta.filled += taken;
				offset += taken;
				if (meta.filled === meta.bytes.length) {
					if (meta.kind === 'pax') {
						this.#pax = {...this.#pax, ...paxRecords(meta.bytes)};
					}

					this.#meta = undefined;
					this.#skip = this.#metaPadding;
				}

				continue;
			}

			const taken = Math.min(block - this.#filled, chunk.length - offset);
			this.#header.set(chunk.subarray(offset, offset + taken), this.#filled);
			this.#filled += taken;
			offset += taken;
			if (this.#filled === block) {
				this.#filled = 0;
				if (this.#sparseMap === undefined) {
					this.#entry();
				} else {
					this.#extension();
				}
			}
		}
	}

	/** The files' size, or undefined when the stream was not a tar this could read to its end. */
	result(): number | undefined {
		return this.#broken || (!this.#ended && this.#filled !== 0) ? undefined : this.#total;
	}

	#entry(): void {
		const header = this.#header;
		if (header.every(byte => byte === 0)) {
			// The end-of-archive marker: what follows (a second zero block, padding) is not read.
			this.#ended = true;
			return;
		}

		if (!checksumMatches(header)) {
			this.#broken = true;
			return;
		}

		const type = String.fromCodePoint(header[156]!);
		const stored = numeric(header.subarray(124, 136));
		if (stored === undefined) {
			this.#broken = true;
			return;
		}

		const padding = (block - (stored % block)) % block;
		if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
			// Metadata for the next entry (PAX records, a GNU long name) or the whole archive ('g'): not a file.
			if (stored > 1024 * 1024) {
				this.#broken = true;
				return;
			}

			this.#meta = {bytes: Buffer.alloc(stored), filled: 0, kind: type === 'x' ? 'pax' : 'other'};
			this.#metaPadding = padding;
			if (stored === 0) {
				this.#meta = undefined;
				this.#skip = padding;
			}

			return;
		}

		const pax = this.#pax;
		this.#pax = {};
		const dataSize = pax['size'] === undefined ? stored : Number(pax['size']);
		let counted = dataSize;
		let extendedMap = false;
		if (type === 'S') {
			// An old GNU sparse file: its real size at 483, extension blocks of the sparse map follow when 482 says so.
			counted = numeric(header.subarray(483, 495)) ?? dataSize;
			extendedMap = header[482] !== 0;
		}

		// A PAX sparse file (GNU 0.x and 1.0): the real size is a record.
		const realSize = pax['GNU.sparse.realsize'] ?? pax['GNU.sparse.size'];
		if (realSize !== undefined) {
			counted = Number(realSize);
		}

		if (!Number.isSafeInteger(dataSize) || dataSize < 0 || !Number.isSafeInteger(counted) || counted < 0) {
			this.#broken = true;
			return;
		}

		this.#total += counted;
		const skip = dataSize + ((block - (dataSize % block)) % block);
		if (extendedMap) {
			this.#sparseMap = skip;
			return;
		}

		this.#skip = skip;
	}

	/** A GNU sparse extension block: byte 504 says whether another follows; then comes the entry's data. */
	#extension(): void {
		if (this.#header[504] === 0) {
			this.#skip = this.#sparseMap!;
			this.#sparseMap = undefined;
		}
	}
}

function checksumMatches(header: Buffer): boolean {
	const expected = numeric(header.subarray(148, 156));
	let sum = 0;
	for (let index = 0; index < block; index++) {
		sum += index >= 148 && index < 156 ? 0x20 : header[index]!;
	}

	return expected === sum;
}

/** A tar number: octal text (NUL or space ended), or GNU's base-256 with the high bit set. */
function numeric(field: Uint8Array): number | undefined {
	if (field[0]! & 0x80) {
		let value = field[0]! & 0x7F;
		for (let index = 1; index < field.length; index++) {
			value = (value * 256) + field[index]!;
		}

		return Number.isSafeInteger(value) ? value : undefined;
	}

	const text = Buffer.from(field).toString('latin1').replace(/\0.*$/s, '').trim();
	if (text === '') {
		return 0;
	}

	return /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : undefined;
}

/** `LEN key=value\n` records. */
function paxRecords(bytes: Buffer): Record<string, string> {
	const records: Record<string, string> = {};
	let offset = 0;
	while (offset < bytes.length) {
		const space = bytes.indexOf(0x20, offset);
		const length = Number(bytes.subarray(offset, space).toString('latin1'));
		if (space < 0 || !Number.isSafeInteger(length) || length <= 0 || offset + length > bytes.length) {
			break;
		}

		const record = bytes.subarray(space + 1, offset + length - 1).toString('utf8');
		const equals = record.indexOf('=');
		if (equals > 0) {
			records[record.slice(0, equals)] = record.slice(equals + 1);
		}

		offset += length;
	}

	return records;
}

/** Passes a tar stream through unchanged, counting its files' size on the way. */
export class TarFileSizesStream extends Transform {
	readonly files = new TarFileSizes();

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.files.write(chunk);
		callback(null, chunk);
	}
}
