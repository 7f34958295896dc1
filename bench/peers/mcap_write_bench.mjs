// The MCAP writer peer for bench/Onboard.Bench/Clips/McapWriterBenchmark: @mcap/core's McapWriter (chunked,
// 4 MiB chunks as ours) writing the same 150 KB random messages to a sink that only counts bytes (as Stream.Null), uncompressed and with lz4js'
// lz4 (the pure-JS codec the tests use; @mcap/core ships no compressor). Prints MB/s and messages/s per case.
//   usage: node bench/peers/mcap_write_bench.mjs [MESSAGES]
import { createRequire } from "node:module";
import { randomFillSync } from "node:crypto";

const require = createRequire(new URL("../../tests/Onboard.Tests/Peers/node/package.json", import.meta.url));
const { McapWriter } = await import(require.resolve("@mcap/core"));
const lz4 = require("lz4js");

const count = Number(process.argv[2] ?? 2000);
const payload = randomFillSync(new Uint8Array(150_000));

async function run(name, compressChunk) {
  let written = 0n;
  const writable = { position: () => written, write: async (buffer) => { written += BigInt(buffer.byteLength); } };
  const writer = new McapWriter({ writable, chunkSize: 4 * 1024 * 1024, compressChunk });
  await writer.start({ profile: "", library: "bench" });
  const channelId = await writer.registerChannel({ topic: "/front/image", messageEncoding: "protobuf", schemaId: 0, metadata: new Map() });
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const t = BigInt(i) * 33_333_333n;
    await writer.addMessage({ channelId, sequence: 0, logTime: t, publishTime: t, data: payload });
  }
  await writer.end();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${name}: ${((count * payload.length) / 1e6 / seconds).toFixed(0)} MB/s, ${(count / seconds).toFixed(0)} messages/s`);
}

await run("@mcap/core none", undefined);
await run("@mcap/core lz4 (lz4js)", (data) => ({ compression: "lz4", compressedData: lz4.compress(data) }));
