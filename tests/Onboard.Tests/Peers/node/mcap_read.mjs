// Independent MCAP reader for the tests: reads FILE with @mcap/core twice — McapIndexedReader (footer, summary
// with its CRC, chunk and message indexes) and McapStreamReader (front to back, chunk CRCs) — with pure-JS chunk
// decompressors (fzstd, lz4js), recomputes the data section CRC with zlib, and prints one JSON object.
//   usage: node mcap_read.mjs FILE [--dump DIR] [--chunks DIR]
//   --dump DIR    writes each message's data as DIR/<topic, '/' as '_'>/<n>.bin (n from 0, file order), each
//                 schema's data as DIR/_schemas/<id>.bin, and DIR/index.json: topic → { dir, schema, schemaFile }
//   --chunks DIR  writes each chunk's records, still compressed, as DIR/<n>.<compression|none>
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { crc32 } from "node:zlib";
import { McapIndexedReader, McapStreamReader } from "@mcap/core";
import { decompress as zstd } from "fzstd";
import lz4 from "lz4js";

const args = process.argv.slice(2);
const file = args[0];
const option = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const dumpDir = option("--dump");
const chunkDir = option("--chunks");
const bytes = readFileSync(file);

const decompressHandlers = {
  zstd: (buffer, size) => zstd(buffer, new Uint8Array(Number(size))),
  lz4: (buffer, size) => lz4.decompress(buffer, Number(size)),
};

// Per channel: message count and a SHA-256 over (log time, publish time, sequence, length, data) of each message.
class Digests {
  constructor() { this.byTopic = new Map(); }
  add(topic, message) {
    let entry = this.byTopic.get(topic);
    if (!entry) this.byTopic.set(topic, (entry = { count: 0, hash: createHash("sha256"), first: message.logTime, last: message.logTime }));
    const head = Buffer.alloc(24);
    head.writeBigUInt64LE(message.logTime, 0);
    head.writeBigUInt64LE(message.publishTime, 8);
    head.writeUInt32LE(message.sequence, 16);
    head.writeUInt32LE(message.data.byteLength, 20);
    entry.hash.update(head);
    entry.hash.update(message.data);
    entry.count++;
    if (message.logTime < entry.first) entry.first = message.logTime;
    if (message.logTime > entry.last) entry.last = message.logTime;
  }
  toJSON() {
    const out = {};
    for (const [topic, e] of [...this.byTopic].sort()) {
      out[topic] = { count: e.count, digest: e.hash.digest("hex"), first: String(e.first), last: String(e.last) };
    }
    return out;
  }
}

const schemaJson = (s) => ({ id: s.id, name: s.name, encoding: s.encoding, dataLength: s.data.byteLength, dataSha256: createHash("sha256").update(s.data).digest("hex") });
const channelJson = (c) => ({ id: c.id, schemaId: c.schemaId, topic: c.topic, messageEncoding: c.messageEncoding, metadata: Object.fromEntries(c.metadata) });

async function indexed() {
  const readable = {
    size: async () => BigInt(bytes.byteLength),
    read: async (offset, size) => bytes.subarray(Number(offset), Number(offset + size)),
  };
  const reader = await McapIndexedReader.Initialize({ readable, decompressHandlers });
  const digests = new Digests();
  for await (const message of reader.readMessages({ validateCrcs: true })) {
    digests.add(reader.channelsById.get(message.channelId).topic, message);
  }
  const metadata = [];
  for await (const m of reader.readMetadata()) metadata.push({ name: m.name, entries: Object.fromEntries(m.metadata) });
  const s = reader.statistics;
  const compression = {};
  for (const c of reader.chunkIndexes) compression[c.compression || "none"] = (compression[c.compression || "none"] ?? 0) + 1;
  // Data End sits just before the summary; its CRC covers every byte before it.
  const dataEnd = Number(reader.dataEndOffset);
  const computed = crc32(bytes.subarray(0, dataEnd)) >>> 0;
  return {
    ok: true,
    header: { profile: reader.header.profile, library: reader.header.library },
    schemas: [...reader.schemasById.values()].map(schemaJson),
    channels: [...reader.channelsById.values()].map(channelJson),
    statistics: s && {
      messageCount: Number(s.messageCount), schemaCount: s.schemaCount, channelCount: s.channelCount, chunkCount: s.chunkCount,
      metadataCount: s.metadataCount, messageStartTime: String(s.messageStartTime), messageEndTime: String(s.messageEndTime),
      channelMessageCounts: Object.fromEntries([...s.channelMessageCounts].map(([k, v]) => [k, Number(v)])),
    },
    chunks: { count: reader.chunkIndexes.length, compression },
    summaryCrc: { stored: reader.footer.summaryCrc, valid: reader.footer.summaryCrc !== 0 }, // Initialize throws on a mismatch
    dataSectionCrc: { stored: reader.dataSectionCrc ?? 0, computed, valid: reader.dataSectionCrc === computed },
    summaryOffsets: [...reader.summaryOffsetsByOpcode.keys()].sort((a, b) => a - b),
    metadata,
    messages: digests.toJSON(),
  };
}

function stream() {
  const reader = new McapStreamReader({ decompressHandlers, validateCrcs: true, includeChunks: true });
  reader.append(bytes);
  const digests = new Digests();
  const channels = new Map();
  const schemas = new Map();
  const metadata = [];
  const counts = {};
  const perTopicIndex = new Map();
  let chunks = 0;
  let dataEnd;
  for (let record; (record = reader.nextRecord()); ) {
    counts[record.type] = (counts[record.type] ?? 0) + 1;
    switch (record.type) {
      case "Schema":
        if (dumpDir) {
          mkdirSync(path.join(dumpDir, "_schemas"), { recursive: true });
          writeFileSync(path.join(dumpDir, "_schemas", `${record.id}.bin`), record.data);
        }
        schemas.set(record.id, record);
        break;
      case "Channel": channels.set(record.id, record); break;
      case "Metadata": metadata.push({ name: record.name, entries: Object.fromEntries(record.metadata) }); break;
      case "DataEnd": dataEnd = record.dataSectionCrc; break;
      case "Chunk":
        if (chunkDir) {
          mkdirSync(chunkDir, { recursive: true });
          writeFileSync(path.join(chunkDir, `${chunks}.${record.compression || "none"}`), record.records);
        }
        chunks++;
        break;
      case "Message": {
        const topic = channels.get(record.channelId).topic;
        digests.add(topic, record);
        if (dumpDir) {
          const dir = path.join(dumpDir, topic.replaceAll("/", "_"));
          mkdirSync(dir, { recursive: true });
          const n = perTopicIndex.get(topic) ?? 0;
          perTopicIndex.set(topic, n + 1);
          writeFileSync(path.join(dir, `${String(n).padStart(6, "0")}.bin`), record.data);
        }
        break;
      }
    }
  }
  if (dumpDir) {
    const index = {};
    for (const c of channels.values()) {
      index[c.topic] = { dir: c.topic.replaceAll("/", "_"), schema: schemas.get(c.schemaId)?.name ?? "", schemaFile: path.join("_schemas", `${c.schemaId}.bin`) };
    }
    mkdirSync(dumpDir, { recursive: true });
    writeFileSync(path.join(dumpDir, "index.json"), JSON.stringify(index));
  }
  return { ok: reader.done(), chunks, records: counts, dataSectionCrc: dataEnd, metadata, messages: digests.toJSON() };
}

const result = {};
try { result.indexed = await indexed(); } catch (e) { result.indexed = { ok: false, error: String(e.message ?? e) }; }
try { result.stream = stream(); } catch (e) { result.stream = { ok: false, error: String(e.message ?? e) }; }
console.log(JSON.stringify(result));
