// At most `limit` tasks at a time, each started as a slot frees, in the order given; every
// task still has its own promise (the batch checks hand each table's to the shared checks).

export type Limited = <T>(task: () => Promise<T>) => Promise<T>;

export function concurrencyLimit(limit: number): Limited {
	if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a whole number of at least 1, not ${limit}`);
	let running = 0;
	const waiting: Array<() => void> = [];
	const release = () => {
		running--;
		waiting.shift()?.();
	};
	return <T>(task: () => Promise<T>): Promise<T> =>
		new Promise<T>((resolve, reject) => {
			const start = () => {
				running++;
				Promise.resolve()
					.then(task)
					.then(resolve, reject)
					.finally(release);
			};
			if (running < limit) start();
			else waiting.push(start);
		});
}
