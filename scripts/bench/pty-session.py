# Drives a program in a pseudo-terminal through a script of steps, as a person at the
# keyboard would, and times what they would see.
#
# Input (argv[1]): JSON {"cmd": [...], "env": {...}, "cwd"?, "cols", "rows", "timeoutMs",
#   "steps": [
#     {"wait": "regex", "mark": "name"}   output since the last key sent matches (ANSI stripped);
#                                         the mark is when the matching output arrived
#     {"send": "text", "mark": "name"}    types the text; the mark is when it was sent
#     {"rss": "name"}                     the program's peak resident memory so far (VmHWM, kB)
#     {"sleep": ms}                       a person's pause (the output keeps being read)
#   ]}
# Output (stdout): JSON {"marks": {name: ms since start}, "rss": {name: kB}, "error"?, "screen"?}

import fcntl, json, os, re, select, signal, struct, subprocess, sys, termios, time

ANSI = re.compile(r'\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]')


def text_of(chunks, window=32768):
	"""The stripped text of the last `window` bytes or so (a frame is far smaller)."""
	tail, size = [], 0
	for _, data in reversed(chunks):
		tail.append(data)
		size += len(data)
		if size >= window:
			break
	return ANSI.sub('', b''.join(reversed(tail)).decode('utf-8', 'replace'))


def peak_rss_kb(pid):
	with open('/proc/%d/status' % pid) as status:
		for line in status:
			if line.startswith('VmHWM:'):
				return int(line.split()[1])
	return None


def main():
	spec = json.loads(sys.argv[1])
	master, slave = os.openpty()
	fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', spec.get('rows', 40), spec.get('cols', 120), 0, 0))
	env = dict(os.environ)
	env.update(spec.get('env') or {})
	start = time.perf_counter()
	proc = subprocess.Popen(spec['cmd'], stdin=slave, stdout=slave, stderr=slave, env=env, cwd=spec.get('cwd'), start_new_session=True, close_fds=True)
	os.close(slave)
	deadline = start + spec.get('timeoutMs', 60000) / 1000
	since_send = []  # (arrival time, bytes) since the last key sent
	result = {'marks': {}, 'rss': {}}
	ms = lambda t: round((t - start) * 1000, 1)

	def read_some(timeout):
		ready, _, _ = select.select([master], [], [], timeout)
		if not ready:
			return True
		try:
			data = os.read(master, 1 << 16)
		except OSError:
			data = b''
		if not data:
			return False
		since_send.append((time.perf_counter(), data))
		return True

	try:
		for step in spec['steps']:
			if 'send' in step:
				# Whatever was still on its way belongs to before the key.
				while select.select([master], [], [], 0)[0] and read_some(0):
					pass
				since_send.clear()
				os.write(master, step['send'].encode('utf-8'))
				if step.get('mark'):
					result['marks'][step['mark']] = ms(time.perf_counter())
			elif 'wait' in step:
				pattern = re.compile(step['wait'], re.S)
				checked = 0
				found = None
				while found is None:
					# The first chunk at which the output since the key matches.
					for i in range(checked, len(since_send)):
						if pattern.search(text_of(since_send[:i + 1])):
							found = since_send[i][0]
							break
					checked = len(since_send)
					if found is not None:
						break
					left = deadline - time.perf_counter()
					if left <= 0:
						raise TimeoutError('timed out waiting for /%s/' % step['wait'])
					if not read_some(min(left, 0.5)):
						raise EOFError('the program ended while waiting for /%s/' % step['wait'])
				if step.get('mark'):
					result['marks'][step['mark']] = ms(found)
			elif 'sleep' in step:
				until = time.perf_counter() + step['sleep'] / 1000
				while time.perf_counter() < until:
					read_some(max(0, until - time.perf_counter()))
			elif 'rss' in step:
				result['rss'][step['rss']] = peak_rss_kb(proc.pid)
	except (TimeoutError, EOFError, OSError) as error:
		result['error'] = str(error)
		result['screen'] = text_of(since_send)[-3000:]
	finally:
		if proc.poll() is None:
			os.killpg(proc.pid, signal.SIGTERM)
			try:
				proc.wait(timeout=5)
			except subprocess.TimeoutExpired:
				os.killpg(proc.pid, signal.SIGKILL)
				proc.wait()
		os.close(master)
	print(json.dumps(result))


main()
