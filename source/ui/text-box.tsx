import {useState} from 'react';
import {usePaste} from 'ink';
import TextInput from 'ink-text-input';
import {clean} from './text.js';

type Props = {value: string; onChange: (value: string) => void};

/**
 * ink-text-input with Ink's usePaste: while a box has the keys the terminal
 * is in bracketed-paste mode, and a paste arrives as one string — not as keys,
 * so a newline in it is not Enter and a letter in it is not a binding. It is
 * drawn without control characters, its line breaks as spaces. ink-text-input
 * keeps its cursor to itself, so the paste goes at the end, and the box is
 * remade so that its cursor follows.
 */
export function TextBox({value, onChange}: Props) {
	const [pastes, setPastes] = useState(0);
	usePaste(text => {
		const pasted = clean(text);
		if (pasted) {
			onChange(value + pasted);
			setPastes(count => count + 1);
		}
	});
	return <TextInput key={pastes} focus value={value} onChange={onChange}/>;
}
