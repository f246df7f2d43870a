#!/usr/bin/env python3
"""make-topology.py: generated topology files for the benches.

  make-topology.py dumbbell N BYTES   N clients behind r1, N servers behind r2,
                                      each client tcp-sends BYTES (the network of
                                      bench/ns3-dumbbell.cc)
  make-topology.py tree N             a router tree of about N nodes with
                                      automatic routing: each router has up to 4
                                      child routers and 2 hosts; 20 pings
  make-topology.py lan N              one switched LAN of N hosts (switches of
                                      48 ports in a tree) with a router; 20 pings
  make-topology.py flat N             N hosts and routers in one /8 (the old
                                      bench-load shape)

Writes the JSON to standard output. Deterministic: same arguments, same file.
"""
import json
import sys


def node(nid, kind, ifaces, x=0, y=0, **extra):
    n = {"id": nid, "kind": kind, "x": x, "y": y,
         "interfaces": [dict(name=name, **({"ip": ip} if ip else {})) for name, ip in ifaces]}
    n.update(extra)
    return n


def doc(title, nodes, links, scenario, seed=1):
    return {"format": "netsketch", "version": 1, "title": title, "seed": seed,
            "routing": "auto", "nodes": nodes, "links": links, "scenario": scenario}


def dumbbell(n, nbytes):
    # Edge links 100 Mbit/s 1 ms; core 1 Gbit/s 10 ms 1 % loss each way; queues of
    # 100 frames; client i sends to server i (bench/ns3-dumbbell.cc).
    nodes, links, scenario = [], [], []
    # Valid for any N up to 65,536: clients in 11.a.b.0/24, servers in 12.a.b.0/24.
    r1 = [("core", "10.255.0.1/30")]
    r2 = [("core", "10.255.0.2/30")]
    for i in range(n):
        a, b = divmod(i, 256)
        r1.append((f"c{i}", f"11.{a}.{b}.1/24"))
        r2.append((f"s{i}", f"12.{a}.{b}.1/24"))
        nodes.append(node(f"client{i}", "host", [("eth0", f"11.{a}.{b}.10/24")], 0, i * 10,
                          gateway=f"11.{a}.{b}.1"))
        nodes.append(node(f"server{i}", "host", [("eth0", f"12.{a}.{b}.10/24")], 600, i * 10,
                          gateway=f"12.{a}.{b}.1",
                          services=[{"type": "tcp-discard", "port": 9}]))
        links.append({"id": f"lc{i}", "a": f"client{i}:eth0", "b": f"r1:c{i}",
                      "delay_ms": 1, "bandwidth_mbps": 100, "queue_packets": 100})
        links.append({"id": f"ls{i}", "a": f"server{i}:eth0", "b": f"r2:s{i}",
                      "delay_ms": 1, "bandwidth_mbps": 100, "queue_packets": 100})
        scenario.append({"at": 0.0, "node": f"client{i}", "do": "tcp-send",
                         "target": f"12.{a}.{b}.10:9", "bytes": nbytes})
    nodes.append(node("r1", "router", r1, 200, 0))
    nodes.append(node("r2", "router", r2, 400, 0))
    links.append({"id": "core", "a": "r1:core", "b": "r2:core", "delay_ms": 10,
                  "bandwidth_mbps": 1000, "loss": 0.01, "queue_packets": 100})
    return doc(f"dumbbell {n} x {nbytes} B", nodes, links, scenario)


def tree(n):
    # Routers in a 4-ary tree (breadth first), each with 2 hosts on its own /24,
    # router-router links on /30s. About 3 nodes per router.
    n_routers = max(1, n // 3)
    nodes, links, hosts = [], [], []
    ifaces = {r: [] for r in range(n_routers)}
    for r in range(1, n_routers):
        p = (r - 1) // 4
        k = r - 1          # link number: 10.128.0.0/9 split into /30s
        base = (10 << 24) | (128 << 16) | (k * 4)
        ip = lambda v: f"{v >> 24 & 255}.{v >> 16 & 255}.{v >> 8 & 255}.{v & 255}"
        ifaces[p].append((f"d{r}", ip(base + 1) + "/30"))
        ifaces[r].append(("up", ip(base + 2) + "/30"))
        links.append({"id": f"rr{r}", "a": f"r{p}:d{r}", "b": f"r{r}:up", "delay_ms": 1})
    for r in range(n_routers):
        a, b = divmod(r, 256)
        ifaces[r].append(("lan", f"10.{a}.{b}.1/24"))
        for h in range(2):
            hid = f"h{r}_{h}"
            nodes.append(node(hid, "host", [("eth0", f"10.{a}.{b}.{10 + h}/24")],
                              gateway=f"10.{a}.{b}.1"))
            hosts.append((hid, f"10.{a}.{b}.{10 + h}"))
        # Two hosts on one router port: a switch between them.
        nodes.append(node(f"sw{r}", "switch", [("p0", None), ("p1", None), ("p2", None)]))
        links.append({"id": f"sl{r}", "a": f"r{r}:lan", "b": f"sw{r}:p0", "delay_ms": 1})
        links.append({"id": f"sh{r}_0", "a": f"h{r}_0:eth0", "b": f"sw{r}:p1", "delay_ms": 1})
        links.append({"id": f"sh{r}_1", "a": f"h{r}_1:eth0", "b": f"sw{r}:p2", "delay_ms": 1})
    for r in range(n_routers):
        nodes.append(node(f"r{r}", "router", ifaces[r]))
    scenario = []
    for i in range(20):
        src = hosts[(i * 7919) % len(hosts)]
        dst = hosts[(i * 104729 + len(hosts) // 2) % len(hosts)]
        scenario.append({"at": 0.1 * i, "node": src[0], "do": "ping", "target": dst[1],
                         "count": 1})
    return doc(f"router tree of {len(nodes)} nodes", nodes, links, scenario)


def lan(n):
    # n hosts in 10.0.0.0/8 behind a tree of 48-port switches; router r at 10.0.0.1.
    nodes, links = [], []
    ports = 48
    switches = []           # (id, free ports list)
    hosts = [f"h{i}" for i in range(n)]
    leaves = [hosts[i:i + ports - 1] for i in range(0, n, ports - 1)]
    level = []
    for s, group in enumerate(leaves):
        sid = f"sw{s}"
        switches.append(sid)
        level.append(sid)
        ifs = [("up", None)] + [(f"p{j}", None) for j in range(len(group))]
        nodes.append(node(sid, "switch", ifs))
        for j, h in enumerate(group):
            links.append({"id": f"l{h}", "a": f"{h}:eth0", "b": f"{sid}:p{j}"})
    k = len(switches)
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level), ports - 1):
            group = level[i:i + ports - 1]
            sid = f"sw{k}"
            k += 1
            nxt.append(sid)
            nodes.append(node(sid, "switch", [("up", None)] + [(f"p{j}", None) for j in range(len(group))]))
            for j, child in enumerate(group):
                links.append({"id": f"l{child}", "a": f"{child}:up", "b": f"{sid}:p{j}"})
        level = nxt
    for i, h in enumerate(hosts):
        v = i + 10
        nodes.append(node(h, "host", [("eth0", f"10.{v >> 16 & 255}.{v >> 8 & 255}.{v & 255}/8")],
                          gateway="10.0.0.1"))
    nodes.append(node("r", "router", [("lan", "10.0.0.1/8"), ("wan", "192.168.0.1/24")]))
    links.append({"id": "lr", "a": "r:lan", "b": f"{level[0]}:up"})
    scenario = []
    for i in range(20):
        a = (i * 7919) % n
        b = (i * 104729 + n // 2) % n
        v = b + 10
        scenario.append({"at": 0.1 * i, "node": hosts[a], "do": "ping",
                         "target": f"10.{v >> 16 & 255}.{v >> 8 & 255}.{v & 255}", "count": 1})
    return doc(f"switched LAN of {n} hosts", nodes, links, scenario)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, n = sys.argv[1], int(sys.argv[2])
    if kind == "dumbbell":
        d = dumbbell(n, int(sys.argv[3]) if len(sys.argv) > 3 else 1000000)
    elif kind == "tree":
        d = tree(n)
    elif kind == "lan":
        d = lan(n)
    else:
        sys.exit(__doc__)
    json.dump(d, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


main()
