import type {HistoryRow} from '../backend/model.js';
import type {ImageConfig} from '../oci.js';
import {layerSize} from './records.js';
import type {StoreView} from './view.js';

// One row type for every backend: the store's rows are the seam's model.
export type {HistoryRow};

/**
 * `docker history`: every step of the config, newest first. A step that ends
 * one of the images in the parent chain shows that image's id, others
 * `<missing>`, as docker does for layers it did not build itself.
 */
export function historyRows(view: StoreView, imageId: string, config: ImageConfig): HistoryRow[] {
	const image = view.byId(imageId);
	const steps = config.history ?? [];
	const layers = image?.layers ?? [];
	let layerIndex = 0;
	const rows: HistoryRow[] = steps.map(step => {
		const layer = step.empty_layer ? undefined : layers[layerIndex++];
		return {
			id: '<missing>',
			created: step.created ?? config.created ?? '',
			createdBy: step.created_by ?? '',
			size: layer ? layerSize(layer) : 0,
			comment: step.comment ?? '',
		};
	});

	// An image's own top step is the last of its history; its parents' top steps come earlier.
	for (const member of view.chain(imageId)) {
		const depth = member.id === imageId ? steps.length : member.historyLength;
		if (depth > 0 && depth <= rows.length && rows[depth - 1]!.id === '<missing>') {
			rows[depth - 1]!.id = member.id;
		}
	}

	if (rows.length === 0) {
		rows.push({id: imageId, created: config.created ?? '', createdBy: '', size: 0, comment: ''});
	}

	return rows.reverse();
}
