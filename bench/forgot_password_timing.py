#!/usr/bin/env python3
"""Forgot-password timing: does a known account answer slower than an unknown one?

Runs the release server over loopback (build/native), makes ACCOUNTS people in
the demo company, then sends SAMPLES forgot-password requests for known
accounts and as many for made-up ones, interleaved at random, and compares the
two latency distributions: medians, and the Mann-Whitney U statistic as a z
score (|z| > 3: the two are told apart). Not a test: results go to
docs/PERFORMANCE.md.

The throttle allows 3 requests per account and 10 per client address an hour,
so each known account is asked for 3 times and the requests leave from
127.0.0.2 onwards, 10 per address (Linux routes all of 127/8 to loopback).

Usage: bench/forgot_password_timing.py [SAMPLES]   (default 300; after a native build)
"""
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, 'build/native/server/twofold-server')
PER_ACCOUNT = 3    # forgot_account_backoff: free_failures + 1
PER_ADDRESS = 10   # forgot_address_backoff: free_failures + 1


def start_server(data_dir):
    # Logs go to files: a pipe nobody reads would stop the server once full.
    log = open(os.path.join(data_dir, 'server.log'), 'w+')
    people = open(os.path.join(data_dir, 'people.txt'), 'w+')
    server = subprocess.Popen(
        [SERVER, '--data-dir', data_dir, '--www-dir', os.path.join(ROOT, 'www'),
         '--core-dir', os.environ.get('TWOFOLD_CORE_DIR', os.path.join(ROOT, 'build/wasm/wasm')), '--port', '0',
         '--argon2-memory-kib', '8', '--argon2-iterations', '1'],
        stdout=log, stderr=people)
    while True:
        assert server.poll() is None, 'the server did not start'
        log.seek(0)
        listening = [json.loads(line) for line in log if '"server.listening"' in line]
        if listening:
            break
        time.sleep(0.1)
    # The demo passwords are printed for the person, on standard error only.
    people.seek(0)
    password = re.search(r'admin: account admin \(.*\), password (\S+)', people.read()).group(1)
    return server, listening[0]['port'], password


class connection:
    """One keep-alive connection from a chosen loopback source address."""

    def __init__(self, port, source='127.0.0.1'):
        self.port = port
        self.http = http.client.HTTPConnection('127.0.0.1', port, source_address=(source, 0))
        self.cookies = {}

    def post(self, path, body):
        headers = {'Content-Type': 'application/json', 'X-Requested-With': 'twofold',
                   'Origin': f'http://127.0.0.1:{self.port}'}
        if self.cookies:
            headers['Cookie'] = '; '.join(f'{k}={v}' for k, v in self.cookies.items())
        started = time.perf_counter()
        self.http.request('POST', path, json.dumps(body), headers)
        answer = self.http.getresponse()
        answer.read()
        elapsed = time.perf_counter() - started
        for value in answer.headers.get_all('Set-Cookie') or []:
            name, _, rest = value.partition('=')
            self.cookies[name] = rest.split(';', 1)[0]
        return answer.status, elapsed


def make_people(port, password, count):
    admin = connection(port)
    status, _ = admin.post('/api/session', {'company': 'Demo', 'account': 'admin', 'password': password})
    assert status == 200, status
    for i in range(count):
        status, _ = admin.post('/api/admin/users', {
            'display_name': f'Bench {i}', 'username': f'bench{i}', 'email': f'bench{i}@demo.example',
            'role': 'agent', 'language': 'en', 'temporary_password': 'a temporary passphrase'})
        assert status == 201, status


def mann_whitney_z(a, b):
    ranked = sorted([(x, 0) for x in a] + [(x, 1) for x in b])
    ranks = [0.0] * len(ranked)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    rank_sum_a = sum(rank for rank, (_, group) in zip(ranks, ranked) if group == 0)
    n1, n2 = len(a), len(b)
    u = rank_sum_a - n1 * (n1 + 1) / 2
    mean = n1 * n2 / 2
    sd = (n1 * n2 * (n1 + n2 + 1) / 12) ** 0.5
    return (u - mean) / sd


def main():
    samples = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    accounts = -(-samples // PER_ACCOUNT)
    with tempfile.TemporaryDirectory() as data_dir:
        server, port, password = start_server(data_dir)
        try:
            make_people(port, password, accounts)
            requests = [('known', f'bench{i // PER_ACCOUNT}') for i in range(samples)]
            requests += [('unknown', f'nobody{i}') for i in range(samples)]
            random.shuffle(requests)
            times = {'known': [], 'unknown': []}
            current = None
            for n, (kind, account) in enumerate(requests):
                if n % PER_ADDRESS == 0:
                    source = n // PER_ADDRESS + 2
                    current = connection(port, f'127.0.{source // 250}.{source % 250 + 2}')
                status, elapsed = current.post('/api/password/forgot', {'company': 'Demo', 'account': account})
                assert status == 202, (status, kind, account)
                times[kind].append(elapsed * 1000)
        finally:
            server.terminate()
            server.wait()
    known, unknown = times['known'], times['unknown']
    print(f'samples: {len(known)} known, {len(unknown)} unknown')
    print(f'median known   {statistics.median(known):.3f} ms')
    print(f'median unknown {statistics.median(unknown):.3f} ms')
    print(f'Mann-Whitney z (known vs unknown) = {mann_whitney_z(known, unknown):.1f}')


if __name__ == '__main__':
    main()
