import {createHash} from 'node:crypto';
import type {Container, Image} from '../../source/core/backend/model.js';

/** A 64-hex id from a word, so a test names its images and containers and gets docker-shaped ids. */
export function hex(word: string): string {
	return createHash('sha256').update(word).digest('hex');
}

export function image(word: string, fields: Partial<Image> = {}): Image {
	return {id: `sha256:${hex(word)}`, tags: [], repoDigests: [], created: '2024-01-01T00:00:00.000Z', size: 1000, ...fields};
}

export function container(word: string, imageId: string, fields: Partial<Container> = {}): Container {
	return {id: hex(`container ${word}`), name: word, image: imageId, imageRef: imageId.slice(7, 19), command: 'sh', created: '2024-02-01T00:00:00.000Z', status: 'created', ...fields};
}
