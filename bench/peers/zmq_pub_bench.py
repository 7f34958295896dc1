"""pyzmq peer for ZmqPublishBenchmark: the same 1 KB [topic][payload] traffic, PUB -> SUB over TCP loopback.

Run with Debian's /usr/bin/python3 (python3-zmq):  /usr/bin/python3 bench/peers/zmq_pub_bench.py [--seconds 3]
Prints ns per message for a burst (1000 sends, then 1000 receives) and for one-way send -> receive latency,
as the median of repeated timed rounds, like BenchmarkDotNet's figures for our binding.
"""
import statistics
import sys
import time

import zmq

seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 3.0
BURST = 1000
topic = b"detections/front"
payload = bytes(1024)

ctx = zmq.Context()
pub = ctx.socket(zmq.PUB)
pub.setsockopt(zmq.SNDHWM, 0)
pub.setsockopt(zmq.LINGER, 0)
port = pub.bind_to_random_port("tcp://127.0.0.1")
sub = ctx.socket(zmq.SUB)
sub.setsockopt(zmq.RCVHWM, 0)
sub.setsockopt(zmq.LINGER, 0)
sub.setsockopt(zmq.SUBSCRIBE, topic)
sub.connect(f"tcp://127.0.0.1:{port}")
while True:
    pub.send_multipart([topic, payload])
    try:
        sub.recv_multipart(zmq.NOBLOCK)
        break
    except zmq.Again:
        time.sleep(0.001)
while True:
    try:
        sub.recv_multipart(zmq.NOBLOCK)
    except zmq.Again:
        break


def throughput():
    t0 = time.perf_counter_ns()
    for _ in range(BURST):
        pub.send_multipart([topic, payload], copy=True)
    for _ in range(BURST):
        sub.recv_multipart(copy=True)
    return (time.perf_counter_ns() - t0) / BURST


def latency():
    t0 = time.perf_counter_ns()
    pub.send_multipart([topic, payload])
    sub.recv_multipart()
    return time.perf_counter_ns() - t0


for name, fn in (("throughput_1KB_ns_per_msg", throughput), ("latency_1KB_ns", latency)):
    for _ in range(3):
        fn()
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        samples.append(fn())
    print(f"pyzmq {zmq.pyzmq_version()} libzmq {zmq.zmq_version()}  {name}: median {statistics.median(samples):.0f}  "
          f"p99 {sorted(samples)[int(len(samples) * 0.99) - 1]:.0f}  rounds {len(samples)}", flush=True)

sub.close()
pub.close()
ctx.term()
