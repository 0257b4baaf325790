// The @libsql/client side of libsql4j's tx benchmark (scripts/bench-http.sh -Dbench.parts=tx).
//
// It runs the same workloads with the same SQL as dev.libsql4j.bench.TxSuite, timed here, so
// node's start-up and module loading are never measured:
//   tx       BEGIN IMMEDIATE; 3 x (SELECT balance ...; UPDATE ... SET balance = read + 1); COMMIT
//            (client.transaction("write"), which sends BEGIN IMMEDIATE)
//   select1  sequential client.execute("SELECT 1")
//   select1-8  8 SELECT 1 loops in flight at once on one client (node's analogue of 8 threads)
//
// Two ways to run it:
//   node bench.mjs --serve
//     reads commands on stdin, one per line, and answers each with one line on stdout:
//       open <name> <url>                      -> "ok open <name>" | "error <name> <message>"
//       run <name> <workload> <seconds> <accounts> <k0>
//                                              -> "result <name> <workload> <ops> <seconds>"
//                                                 | "error <name> <message>"
//       quit
//     (the Java harness keeps one such process for the whole run, so its clients stay warm)
//   node bench.mjs <url> <workload> <seconds> [accounts]
//     one run, prints the same "result" line (for trying it by hand; the accounts table must exist)
//
// The accounts table is made by the harness: accounts(id INTEGER PRIMARY KEY, balance INTEGER),
// ids 1..accounts. Transaction number n touches the accounts k % accounts + 1 for
// k = k0 + 3n .. k0 + 3n + 2, as the Java side does.
import { createClient } from "@libsql/client";
import { createInterface } from "node:readline";

export const SELECT_BALANCE = "SELECT balance FROM accounts WHERE id = ?";
export const UPDATE_BALANCE = "UPDATE accounts SET balance = ? WHERE id = ?";

const clients = new Map();

function oneFrom(rs, what) {
  if (rs.rows.length !== 1) {
    throw new Error(`${what} returned ${rs.rows.length} rows, expected 1`);
  }
  return Number(rs.rows[0][0]);
}

async function txOnce(client, accounts, k) {
  const tx = await client.transaction("write");
  try {
    for (let i = 0; i < 3; i++) {
      const id = ((k + i) % accounts) + 1;
      const balance = oneFrom(await tx.execute({ sql: SELECT_BALANCE, args: [id] }), "SELECT balance");
      const rs = await tx.execute({ sql: UPDATE_BALANCE, args: [balance + 1, id] });
      if (rs.rowsAffected !== 1) {
        throw new Error(`UPDATE of account ${id} changed ${rs.rowsAffected} rows`);
      }
    }
    await tx.commit();
  } finally {
    tx.close();
  }
}

async function select1(client) {
  if (oneFrom(await client.execute("SELECT 1"), "SELECT 1") !== 1) {
    throw new Error("SELECT 1 did not return 1");
  }
}

/** Runs the workload for `seconds`; returns [operations, elapsed seconds]. */
export async function run(client, workload, seconds, accounts, k0) {
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let ops = 0;
  switch (workload) {
    case "tx": {
      let k = k0;
      while (process.hrtime.bigint() < end) {
        await txOnce(client, accounts, k);
        k += 3;
        ops++;
      }
      break;
    }
    case "select1":
      while (process.hrtime.bigint() < end) {
        await select1(client);
        ops++;
      }
      break;
    case "select1-8": {
      const loop = async () => {
        while (process.hrtime.bigint() < end) {
          await select1(client);
          ops++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, loop));
      break;
    }
    default:
      throw new Error(`unknown workload ${workload} (tx, select1, select1-8)`);
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return [ops, elapsed];
}

function oneLine(e) {
  const msg = e && e.message ? `${e.name || "Error"}: ${e.message}${e.code ? ` [${e.code}]` : ""}` : String(e);
  return msg.replace(/\s+/g, " ");
}

async function serve() {
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    const p = line.trim().split(/\s+/);
    if (p[0] === "" || p[0] === undefined) {
      continue;
    }
    if (p[0] === "quit") {
      break;
    }
    const name = p[1];
    try {
      if (p[0] === "open") {
        const client = createClient({ url: p[2] });
        await select1(client); // connects now, so a refused URL shows up here
        clients.set(name, client);
        console.log(`ok open ${name}`);
      } else if (p[0] === "run") {
        const client = clients.get(name);
        if (!client) {
          throw new Error(`no client named ${name}`);
        }
        const [ops, secs] = await run(client, p[2], Number(p[3]), Number(p[4]), Number(p[5]));
        console.log(`result ${name} ${p[2]} ${ops} ${secs}`);
      } else {
        throw new Error(`unknown command ${p[0]}`);
      }
    } catch (e) {
      console.log(`error ${name} ${oneLine(e)}`);
    }
  }
  for (const c of clients.values()) {
    c.close();
  }
}

async function once(url, workload, seconds, accounts) {
  const client = createClient({ url });
  try {
    const [ops, secs] = await run(client, workload, seconds, accounts, 0);
    console.log(`result ${url} ${workload} ${ops} ${secs}`);
  } finally {
    client.close();
  }
}

const args = process.argv.slice(2);
if (args[0] === "--serve") {
  await serve();
} else if (args.length >= 3) {
  await once(args[0], args[1], Number(args[2]), Number(args[3] || 8));
} else {
  console.error("usage: node bench.mjs --serve | node bench.mjs <url> <tx|select1|select1-8> <seconds> [accounts]");
  process.exit(2);
}
