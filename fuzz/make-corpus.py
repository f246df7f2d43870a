#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/ that are built from frames:
dissect/ (frames after a 2-byte length), stack/ (frames after a 2-byte
length and a byte choosing the node, addressed to fuzz-stack.c's nodes),
more edge cases for dns/, tcp/, http-request/, http-response/, and
topology/ (every example and test topology). Run once by hand from the
source root when the corpora should change; CI uses the committed files."""
import os
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip(a):
    return bytes(int(x) for x in a.split("."))


def mac(m):
    return bytes(int(x, 16) for x in m.split(":"))


# fuzz-stack.c's nodes: h (index 0), r (index 1); run.c derives the MACs.
H_MAC, R_MAC = "02:4e:53:00:00:01", "02:4e:53:00:01:01"
PEER_MAC = "02:00:00:00:00:99"
BCAST = "ff:ff:ff:ff:ff:ff"
H_IP, R_IP, S_IP, PEER_IP = "10.0.0.10", "10.0.0.1", "10.0.1.53", "10.0.0.99"


def eth(dst, src, ethertype, payload):
    return mac(dst) + mac(src) + struct.pack("!H", ethertype) + payload


def ipv4(src, dst, proto, payload, ttl=64, options=b"", ident=1, frag=0, total=None, bad_sum=False):
    ihl = 5 + len(options) // 4
    total = total if total is not None else ihl * 4 + len(payload)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, ident, frag, ttl, proto, 0,
                      ip(src), ip(dst)) + options
    s = csum(hdr) ^ (0x1234 if bad_sum else 0)
    return hdr[:10] + struct.pack("!H", s) + hdr[12:] + payload


def pseudo(src, dst, proto, length):
    return ip(src) + ip(dst) + struct.pack("!BBH", 0, proto, length)


def udp(src, dst, sport, dport, payload, zero_sum=False, length=None):
    length = length if length is not None else 8 + len(payload)
    hdr = struct.pack("!HHHH", sport, dport, length, 0)
    s = 0 if zero_sum else (csum(pseudo(src, dst, 17, 8 + len(payload)) + hdr + payload) or 0xFFFF)
    return struct.pack("!HHHH", sport, dport, length, s) + payload


def tcp(src, dst, sport, dport, seq, ack, flags, payload=b"", options=b"", window=65535, bad_sum=False):
    off = 5 + len(options) // 4
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, window, 0, 0) + options
    s = csum(pseudo(src, dst, 6, len(hdr) + len(payload)) + hdr + payload) ^ (0x55 if bad_sum else 0)
    return hdr[:16] + struct.pack("!H", s) + hdr[18:] + payload


def icmp(type_, code, rest, payload=b""):
    hdr = struct.pack("!BBH", type_, code, 0) + rest
    s = csum(hdr + payload)
    return hdr[:2] + struct.pack("!H", s) + hdr[4:] + payload


def arp(op, smac, sip, tmac, tip):
    return struct.pack("!HHBBH", 1, 0x0800, 6, 4, op) + mac(smac) + ip(sip) + mac(tmac) + ip(tip)


def dns_name(name):
    out = b""
    for label in name.split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def dns_query(ident, name, qtype=1):
    return struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0) + dns_name(name) + struct.pack("!HH", qtype, 1)


def dns_answer(ident, name, addr):
    q = dns_name(name) + struct.pack("!HH", 1, 1)
    rr = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + ip(addr)
    return struct.pack("!HHHHHH", ident, 0x8180, 1, 1, 0, 0) + q + rr


def dns_cname_chain(ident):
    q = dns_name("www.example.com") + struct.pack("!HH", 1, 1)
    cname = b"\xc0\x0c" + struct.pack("!HHIH", 5, 1, 60, 6) + b"\x03web\xc0\x10"
    a = b"\xc0\x2d" + struct.pack("!HHIH", 1, 1, 60, 4) + ip("10.0.1.80")
    ns = b"\xc0\x10" + struct.pack("!HHIH", 2, 1, 60, 5) + b"\x02ns\xc0\x10"
    return struct.pack("!HHHHHH", ident, 0x8580, 1, 2, 1, 0) + q + cname + a + ns


TS = b"\x08\x0a" + struct.pack("!II", 1000, 0)
SYN_OPTS = b"\x02\x04\x05\xb4" + b"\x04\x02" + TS + b"\x01" + b"\x03\x03\x07"
HTTP_GET = b"GET / HTTP/1.1\r\nHost: a.test\r\nUser-Agent: netsketch\r\n\r\n"
HTTP_OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello"


def frames_for(dst_mac, dst_ip):
    """Valid and edge-case frames a peer on the node's LAN might send."""
    f = {}
    f["arp-request"] = eth(BCAST, PEER_MAC, 0x0806, arp(1, PEER_MAC, PEER_IP, "00:00:00:00:00:00", dst_ip))
    f["arp-reply"] = eth(dst_mac, PEER_MAC, 0x0806, arp(2, PEER_MAC, PEER_IP, dst_mac, dst_ip))
    f["arp-bad-hlen"] = eth(BCAST, PEER_MAC, 0x0806, struct.pack("!HHBBH", 1, 0x0800, 7, 4, 1) + b"\0" * 20)
    ping = icmp(8, 0, struct.pack("!HH", 7, 1), b"abcdefgh" * 4)
    f["ping"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, ping))
    f["ping-bad-ipsum"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, ping, bad_sum=True))
    f["ping-ttl1-forward"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, S_IP, 1, ping, ttl=1))
    f["ping-forward"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, S_IP, 1, ping))
    f["ping-options"] = eth(dst_mac, PEER_MAC, 0x0800,
                            ipv4(PEER_IP, dst_ip, 1, ping, options=b"\x07\x07\x04" + b"\0" * 4 + b"\x01"))
    f["fragment-first"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, ping[:16], frag=0x2000))
    f["fragment-later"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, ping[16:], frag=2))
    whole = icmp(8, 0, struct.pack("!HH", 7, 2), bytes(range(40)))
    f["frag-pair"] = (eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, whole[:24], ident=9, frag=0x2000))
                      + b"|" + eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, whole[24:], ident=9, frag=3)))
    f["frag-overlap"] = (eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, whole[:32], ident=10, frag=0x2000))
                         + b"|" + eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, whole[8:], ident=10, frag=1)))
    f["ip-total-too-long"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, ping, total=1400))
    f["ip-total-short"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 1, ping, total=21))
    f["ip-unknown-proto"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 99, b"xyz"))
    f["ip-broadcast"] = eth(BCAST, PEER_MAC, 0x0800, ipv4(PEER_IP, "255.255.255.255", 1, ping))
    quoted = ipv4(dst_ip, S_IP, 17, udp(dst_ip, S_IP, 49152, 7, b"12345678"))[:28]
    f["icmp-port-unreach"] = eth(dst_mac, PEER_MAC, 0x0800,
                                 ipv4(PEER_IP, dst_ip, 1, icmp(3, 3, b"\0\0\0\0", quoted)))
    f["icmp-time-exceeded"] = eth(dst_mac, PEER_MAC, 0x0800,
                                  ipv4(PEER_IP, dst_ip, 1, icmp(11, 0, b"\0\0\0\0", quoted)))
    f["icmp-quote-truncated"] = eth(dst_mac, PEER_MAC, 0x0800,
                                    ipv4(PEER_IP, dst_ip, 1, icmp(3, 1, b"\0\0\0\0", quoted[:12])))
    f["icmp-frag-needed"] = eth(dst_mac, PEER_MAC, 0x0800,
                                ipv4(PEER_IP, dst_ip, 1, icmp(3, 4, struct.pack("!HH", 0, 576), quoted)))
    f["udp-echo"] = eth(dst_mac, PEER_MAC, 0x0800, ipv4(PEER_IP, dst_ip, 17, udp(PEER_IP, dst_ip, 5000, 7, b"hi")))
    f["udp-zero-sum"] = eth(dst_mac, PEER_MAC, 0x0800,
                            ipv4(PEER_IP, dst_ip, 17, udp(PEER_IP, dst_ip, 5000, 9, b"hi", zero_sum=True)))
    f["udp-bad-length"] = eth(dst_mac, PEER_MAC, 0x0800,
                              ipv4(PEER_IP, dst_ip, 17, udp(PEER_IP, dst_ip, 5000, 7, b"hi", length=300)))
    f["udp-closed-port"] = eth(dst_mac, PEER_MAC, 0x0800,
                               ipv4(PEER_IP, dst_ip, 17, udp(PEER_IP, dst_ip, 5000, 4444, b"x")))
    f["dns-query"] = eth(dst_mac, PEER_MAC, 0x0800,
                         ipv4(PEER_IP, dst_ip, 17, udp(PEER_IP, dst_ip, 5353, 53, dns_query(0x1a2b, "a.test"))))
    f["dns-response"] = eth(dst_mac, PEER_MAC, 0x0800,
                            ipv4(PEER_IP, dst_ip, 17,
                                 udp(PEER_IP, dst_ip, 53, 49152, dns_answer(1, "a.test", "10.0.1.53"))))
    f["dns-cname"] = eth(dst_mac, PEER_MAC, 0x0800,
                         ipv4(PEER_IP, dst_ip, 17, udp(PEER_IP, dst_ip, 53, 49152, dns_cname_chain(2))))
    f["dns-pointer-loop"] = eth(dst_mac, PEER_MAC, 0x0800,
                                ipv4(PEER_IP, dst_ip, 17,
                                     udp(PEER_IP, dst_ip, 53, 49152,
                                         struct.pack("!HHHHHH", 3, 0x8180, 1, 0, 0, 0) + b"\xc0\x0c\0\1\0\1")))
    f["tcp-syn"] = eth(dst_mac, PEER_MAC, 0x0800,
                       ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40000, 80, 1000, 0, 0x02, options=SYN_OPTS)))
    f["tcp-syn-echo"] = eth(dst_mac, PEER_MAC, 0x0800,
                            ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40001, 7, 5, 0, 0x02,
                                                         options=b"\x02\x04\x02\x18")))
    f["tcp-synack"] = eth(dst_mac, PEER_MAC, 0x0800,
                          ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 80, 49152, 9000, 1001, 0x12,
                                                       options=SYN_OPTS)))
    f["tcp-ack-data"] = eth(dst_mac, PEER_MAC, 0x0800,
                            ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40000, 80, 1001, 1, 0x18, HTTP_GET)))
    f["tcp-http-response"] = eth(dst_mac, PEER_MAC, 0x0800,
                                 ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 80, 49152, 9001, 1, 0x18, HTTP_OK)))
    f["tcp-fin"] = eth(dst_mac, PEER_MAC, 0x0800,
                       ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40000, 80, 1050, 1, 0x11)))
    f["tcp-rst"] = eth(dst_mac, PEER_MAC, 0x0800,
                       ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40000, 80, 1050, 0, 0x04)))
    f["tcp-all-flags"] = eth(dst_mac, PEER_MAC, 0x0800,
                             ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40000, 80, 1, 1, 0xFF, b"u",
                                                          window=0)))
    f["tcp-bad-sum"] = eth(dst_mac, PEER_MAC, 0x0800,
                           ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40000, 80, 1000, 0, 0x02, bad_sum=True)))
    f["tcp-bad-options"] = eth(dst_mac, PEER_MAC, 0x0800,
                               ipv4(PEER_IP, dst_ip, 6,
                                    tcp(PEER_IP, dst_ip, 40000, 80, 1000, 0, 0x02,
                                        options=b"\x02\x00\x05\xb4\x08\x01\x00\x00\x05\x0a\x00\x00")))
    f["tcp-sack"] = eth(dst_mac, PEER_MAC, 0x0800,
                        ipv4(PEER_IP, dst_ip, 6,
                             tcp(PEER_IP, dst_ip, 40000, 80, 1001, 1, 0x10,
                                 options=b"\x01\x01\x05\x0a" + struct.pack("!II", 100, 200) + b"\x00\x00")))
    dns_tcp = dns_query(9, "a.test")
    f["dns-over-tcp"] = eth(dst_mac, PEER_MAC, 0x0800,
                            ipv4(PEER_IP, dst_ip, 6, tcp(PEER_IP, dst_ip, 40002, 53, 1, 1, 0x18,
                                                         struct.pack("!H", len(dns_tcp)) + dns_tcp)))
    f["vlan"] = eth(dst_mac, PEER_MAC, 0x8100, b"\x00\x01\x08\x00" + ipv4(PEER_IP, dst_ip, 1, ping))
    f["ipv6"] = eth(dst_mac, PEER_MAC, 0x86DD, b"\x60" + b"\0" * 39)
    f["runt"] = mac(dst_mac) + mac(PEER_MAC)
    f["empty"] = b""
    return f


def write(dirname, name, data):
    d = os.path.join(CORPUS, dirname)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as out:
        out.write(data)


def main():
    host_frames = frames_for(H_MAC, H_IP)
    router_frames = frames_for(R_MAC, R_IP)

    # dissect: each frame alone, and a TCP conversation in one input.
    for name, frame in host_frames.items():
        parts = frame.split(b"|") if name.startswith("frag-") else [frame]
        write("dissect", name, b"".join(struct.pack("!H", len(p)) + p for p in parts))
    convo = b"".join(struct.pack("!H", len(host_frames[n])) + host_frames[n]
                     for n in ("tcp-syn", "tcp-synack", "tcp-ack-data", "tcp-http-response", "tcp-fin"))
    write("dissect", "conversation", convo)

    # stack: 2-byte length, then a byte whose bit 0 picks the router.
    for prefix, sel, frames in (("host-", 0, host_frames), ("router-", 1, router_frames)):
        for name, frame in frames.items():
            parts = frame.split(b"|") if name.startswith("frag-") else [frame]
            write("stack", prefix + name, b"".join(struct.pack("!HB", len(p), sel) + p for p in parts))
    seq = b"".join(struct.pack("!HB", len(router_frames[n]), 1) + router_frames[n]
                   for n in ("arp-request", "tcp-syn", "ping-forward", "dns-query", "tcp-rst"))
    write("stack", "router-sequence", seq)

    # More DNS messages (the plain codec), TCP segments, HTTP heads.
    write("dns", "cname-chain", dns_cname_chain(7))
    write("dns", "pointer-forward", struct.pack("!HHHHHH", 3, 0x8180, 1, 0, 0, 0) + b"\xc0\x20\0\1\0\1")
    write("dns", "label-64", struct.pack("!HHHHHH", 4, 0x0100, 1, 0, 0, 0) + b"\x40" + b"a" * 64 + b"\0\0\1\0\1")
    write("dns", "counts-lie", struct.pack("!HHHHHH", 5, 0x8180, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF))
    write("dns", "txt-record", struct.pack("!HHHHHH", 6, 0x8180, 0, 1, 0, 0) + dns_name("t.test")
          + struct.pack("!HHIH", 16, 1, 5, 4) + b"\x03abc")
    write("dns", "header-only", struct.pack("!HHHHHH", 8, 0x8183, 0, 0, 0, 0))
    h, p = H_IP, PEER_IP
    write("tcp", "syn-all-options", tcp(p, h, 1, 2, 3, 0, 0x02, options=SYN_OPTS + b"\x04\x02\x00\x00"))
    write("tcp", "option-len-zero", tcp(p, h, 1, 2, 3, 0, 0x02, options=b"\x02\x00\x00\x00"))
    write("tcp", "option-overruns", tcp(p, h, 1, 2, 3, 0, 0x02, options=b"\x08\x0a\x00\x00"))
    write("tcp", "sack-blocks", tcp(p, h, 1, 2, 3, 4, 0x10, options=b"\x01\x01\x05\x12"
                                    + struct.pack("!IIII", 1, 2, 3, 4)))
    write("tcp", "offset-too-big", struct.pack("!HHIIBBHHH", 1, 2, 3, 4, 0xF0, 0x10, 0, 0, 0))
    write("tcp", "offset-too-small", struct.pack("!HHIIBBHHH", 1, 2, 3, 4, 0x40, 0x10, 0, 0, 0))
    write("http-request", "many-fields", b"GET /a?b=c HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n"
          b"Content-Length: 3\r\nConnection: close\r\n\r\nabc")
    write("http-request", "folded", b"GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n")
    write("http-request", "space-colon", b"GET / HTTP/1.1\r\nHost : x\r\n\r\n")
    write("http-request", "bare-lf", b"GET / HTTP/1.1\nHost: x\n\n")
    write("http-request", "post", b"POST /form HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello world")
    write("http-response", "two-lengths", b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
    write("http-response", "same-lengths", b"HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello")
    write("http-response", "no-reason", b"HTTP/1.1 204\r\n\r\n")
    write("http-response", "big-status", b"HTTP/1.1 999 Whatever\r\nX: \x01\r\n\r\n")
    write("http-response", "huge-length", b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n")

    # topology: every example and every test file, broken ones included.
    for src in ("data/examples", "tests/data", "tests/data/broken"):
        d = os.path.join(ROOT, src)
        for name in sorted(os.listdir(d)):
            path = os.path.join(d, name)
            if os.path.isfile(path):
                shutil.copy(path, os.path.join(CORPUS, "topology", src.replace("/", "-") + "-" + name))


if __name__ == "__main__":
    os.makedirs(os.path.join(CORPUS, "topology"), exist_ok=True)
    main()
