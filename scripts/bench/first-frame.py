# Times programs in a pseudo-terminal, as a person would see them: from the spawn to the
# first output that matches a pattern (the first interactive frame), or to the exit when
# there is no pattern (the bare `node -e ''` reference). Cases are interleaved round by
# round so that machine noise falls on all of them alike.
#
# Input (argv[1]): JSON {"runs": N, "timeoutMs": T, "cases": [{"name", "cmd": [...],
#   "env": {...}, "pattern": "regex" | null, "cwd"?}]}
# Output (stdout): JSON {"name": [ms, ...], ...}; a run that timed out is null.

import fcntl, json, os, re, select, signal, struct, subprocess, sys, termios, time

ANSI = re.compile(r'\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[()][0-9A-Za-z]')


def run_once(case, timeout_s):
	master, slave = os.openpty()
	fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
	env = dict(os.environ)
	env.update(case.get('env') or {})
	pattern = re.compile(case['pattern'], re.S) if case.get('pattern') else None
	start = time.perf_counter()
	proc = subprocess.Popen(case['cmd'], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=case.get('cwd'), start_new_session=True, close_fds=True)
	os.close(slave)
	seen = b''
	elapsed = None
	deadline = start + timeout_s
	try:
		while True:
			left = deadline - time.perf_counter()
			if left <= 0:
				break
			ready, _, _ = select.select([master], [], [], left)
			if not ready:
				continue
			try:
				chunk = os.read(master, 65536)
			except OSError:
				chunk = b''
			if not chunk:
				if pattern is None:
					proc.wait()
					elapsed = time.perf_counter() - start
				break
			seen += chunk
			if pattern is not None and pattern.search(ANSI.sub('', seen.decode('utf-8', 'replace'))):
				elapsed = time.perf_counter() - start
				break
	finally:
		if proc.poll() is None:
			try:
				os.killpg(proc.pid, signal.SIGTERM)
			except ProcessLookupError:
				pass
			try:
				proc.wait(timeout=5)
			except subprocess.TimeoutExpired:
				os.killpg(proc.pid, signal.SIGKILL)
				proc.wait()
		os.close(master)
	if elapsed is None:
		sys.stderr.write('first-frame: %s timed out; output was:\n%s\n' % (case['name'], ANSI.sub('', seen.decode('utf-8', 'replace'))[-2000:]))
		return None
	return round(elapsed * 1000, 1)


def main():
	spec = json.loads(sys.argv[1])
	timeout_s = spec.get('timeoutMs', 15000) / 1000
	results = {case['name']: [] for case in spec['cases']}
	for _ in range(spec['runs']):
		for case in spec['cases']:
			results[case['name']].append(run_once(case, timeout_s))
	print(json.dumps(results))


main()
