import React from 'react';
import {Text} from 'ink';
import Spinner from 'ink-spinner';

/** A cyan spinner, then what is being waited for. */
export function SpinnerLine({children}: {children: React.ReactNode}) {
	return (
		<Text>
			<Text color="cyan">
				<Spinner type="dots" />
			</Text>{' '}
			{children}
		</Text>
	);
}
