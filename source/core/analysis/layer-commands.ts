import type {ImageConfig} from '../oci.js';

/**
 * The history line of each layer, oldest first, as dive names a layer: the
 * steps that made a layer (not `empty_layer`) in order, without the
 * `/bin/sh -c ` a RUN line starts with; `(missing)` past the history's end.
 */
export function historyCommands(config: ImageConfig, layerCount: number): string[] {
	const steps = (config.history ?? []).filter(step => !step.empty_layer);
	return Array.from({length: layerCount}, (_, index) => {
		const createdBy = steps[index]?.created_by;
		const step = steps[index];
		return step === undefined ? '(missing)' : (createdBy ?? '').replace(/^\/bin\/sh -c /, '');
	});
}
