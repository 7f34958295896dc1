// The real tus 1.0 server (@tus/server + @tus/file-store) on loopback, behind a small fault-injecting front.
//   node tus_server.mjs --dir DIR [--port 0] [--max-size BYTES]
// Prints "listening http://127.0.0.1:PORT/files/" once it accepts requests. Uploads are stored as DIR/<id> and
// DIR/<id>.json (the file store's own format). Control endpoints (never reach the tus server):
//   POST /control/fault?method=PATCH&status=409[&count=1]  the next COUNT requests of METHOD get STATUS instead of
//        the tus server's answer; 404/410 first remove the upload from the store, as an expired upload would be.
//   GET  /control/stats  {"requests":{"POST":n,…},"bytesWritten":n,"faults":n,"writing":n}  bytesWritten counts every
//        byte the store wrote, so a client that resends data shows more than the clips' sizes; writing counts the store
//        writes still going (a cut PATCH's bytes are counted when its write ends). Answered after the server has read
//        everything that reached it before this request: a client gone by then has aborted its requests, so once
//        writing is 0 no bytes move until a new request comes.
import fs from "node:fs/promises";
import http from "node:http";
import { Server } from "@tus/server";
import { FileStore } from "@tus/file-store";

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const dir = args.dir ?? "./files";
const stats = { requests: {}, bytesWritten: 0, faults: 0, writing: 0 };
const faults = [];

class CountingStore extends FileStore {
  async write(readable, id, offset) {
    stats.writing++;
    try {
      const end = await super.write(readable, id, offset);
      stats.bytesWritten += end - offset;
      return end;
    } catch (error) {
      // A request cut short still leaves what arrived in the file: count it too.
      const size = await fs.stat(this.resolve(id)).then((s) => s.size, () => offset);
      stats.bytesWritten += Math.max(0, size - offset);
      throw error;
    } finally {
      stats.writing--;
    }
  }
}

const store = new CountingStore({ directory: dir });
const tus = new Server({
  path: "/files",
  datastore: store,
  relativeLocation: true,
  ...(args["max-size"] ? { maxSize: Number(args["max-size"]) } : {}),
});

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const front = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://127.0.0.1");
  if (url.pathname === "/control/fault" && req.method === "POST") {
    const count = Number(url.searchParams.get("count") ?? "1");
    for (let i = 0; i < count; i++) faults.push({ method: url.searchParams.get("method"), status: Number(url.searchParams.get("status")) });
    return json(res, 200, { queued: faults.length });
  }
  // setImmediate: after this poll phase, so the requests that arrived with this one (or before) have been parsed too.
  if (url.pathname === "/control/stats") return setImmediate(() => json(res, 200, { ...stats, pending: faults.length }));
  stats.requests[req.method] = (stats.requests[req.method] ?? 0) + 1;
  const i = faults.findIndex((f) => f.method === req.method);
  if (i >= 0) {
    const [fault] = faults.splice(i, 1);
    stats.faults++;
    if ((fault.status === 404 || fault.status === 410) && url.pathname.startsWith("/files/")) {
      await store.remove(url.pathname.slice("/files/".length)).catch(() => {});
    }
    // The body (if any) is not read: close the connection so the client cannot reuse a half-read one.
    res.writeHead(fault.status, { "Tus-Resumable": "1.0.0", connection: "close", "content-type": "text/plain" });
    res.end(`injected ${fault.status}\n`);
    req.resume();
    return;
  }
  tus.handle(req, res);
});
front.listen(Number(args.port ?? 0), "127.0.0.1", () => {
  console.log(`listening http://127.0.0.1:${front.address().port}/files/`);
});
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => front.close(() => process.exit(0)));
