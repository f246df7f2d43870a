// ns3-dumbbell.cc: the network of bench-dumbbell.c written for ns-3 3.37
// (Debian's libns3-dev), to compare wall time and peak memory.
//
// N clients behind router r1, N servers behind router r2; edge links
// 100 Mbit/s 1 ms, core link 1 Gbit/s 10 ms with 1% packet loss in each
// direction; every device queue holds 100 packets (no queue disc, as in
// Netsketch's links). Each client sends 1 MB with BulkSend to a PacketSink.
// TCP as close to Netsketch's as ns-3 allows: NewReno, MSS 1460, no SACK,
// no timestamps, initial window 3 segments (RFC 5681 for this MSS), delayed
// ACK every second segment or 200 ms, minimum RTO 1 s, 128 KiB send buffer.
// One difference: ns-3 keeps its default receive buffer (128 KiB) and window
// scaling, because ns-3 3.37 as packaged by Debian crashes
// (TcpRateLinux::SkbSent) when the window is held to 64 KiB, either by
// RcvBufSize=65535 or by WindowScaling=false; Netsketch offers at most
// 65535 bytes. The run stops when every sink has every byte.
//
// Build (not part of the normal build; see bench/README.md):
//   g++ -O2 -std=c++17 -o ns3-dumbbell bench/ns3-dumbbell.cc \
//       -lns3-core -lns3-network -lns3-internet -lns3-point-to-point \
//       -lns3-applications -lns3-traffic-control
// Run: ./ns3-dumbbell --n=20 --bytes=1000000 --seed=1

#include <chrono>
#include <cstdio>
#include <vector>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

using namespace ns3;

static uint32_t g_n;
static uint64_t g_bytes;
static uint32_t g_done;
static std::vector<uint64_t> g_received;

static void
SinkRx (uint32_t index, Ptr<const Packet> packet, const Address &from)
{
  bool was_done = g_received[index] >= g_bytes;

  g_received[index] += packet->GetSize ();
  if (!was_done && g_received[index] >= g_bytes && ++g_done == g_n)
    Simulator::Stop ();
}

static NetDeviceContainer
Connect (Ptr<Node> a, Ptr<Node> b, const char *rate, const char *delay)
{
  PointToPointHelper p2p;

  p2p.SetDeviceAttribute ("DataRate", StringValue (rate));
  p2p.SetChannelAttribute ("Delay", StringValue (delay));
  p2p.SetDeviceAttribute ("Mtu", UintegerValue (1500));
  p2p.SetQueue ("ns3::DropTailQueue<Packet>", "MaxSize", StringValue ("100p"));
  return p2p.Install (a, b);
}

int
main (int argc, char *argv[])
{
  uint32_t n = 20;
  uint64_t bytes = 1000000;
  uint32_t seed = 1;
  CommandLine cmd (__FILE__);

  cmd.AddValue ("n", "client/server pairs", n);
  cmd.AddValue ("bytes", "bytes each client sends", bytes);
  cmd.AddValue ("seed", "run number for the random streams", seed);
  cmd.Parse (argc, argv);
  g_n = n;
  g_bytes = bytes;
  g_received.assign (n, 0);
  RngSeedManager::SetSeed (1);
  RngSeedManager::SetRun (seed);

  Config::SetDefault ("ns3::TcpL4Protocol::SocketType", TypeIdValue (TcpNewReno::GetTypeId ()));
  Config::SetDefault ("ns3::TcpSocket::SegmentSize", UintegerValue (1460));
  Config::SetDefault ("ns3::TcpSocket::InitialCwnd", UintegerValue (3));
  Config::SetDefault ("ns3::TcpSocket::DelAckCount", UintegerValue (2));
  Config::SetDefault ("ns3::TcpSocket::DelAckTimeout", TimeValue (MilliSeconds (200)));
  Config::SetDefault ("ns3::TcpSocket::SndBufSize", UintegerValue (131072));
  Config::SetDefault ("ns3::TcpSocketBase::MinRto", TimeValue (Seconds (1)));
  Config::SetDefault ("ns3::TcpSocketBase::Sack", BooleanValue (false));
  Config::SetDefault ("ns3::TcpSocketBase::Timestamp", BooleanValue (false));

  NodeContainer clients, servers, routers;
  clients.Create (n);
  servers.Create (n);
  routers.Create (2);
  InternetStackHelper internet;
  internet.Install (clients);
  internet.Install (servers);
  internet.Install (routers);

  Ipv4AddressHelper ipv4;
  TrafficControlHelper tch;
  NetDeviceContainer core = Connect (routers.Get (0), routers.Get (1), "1Gbps", "10ms");
  ipv4.SetBase ("10.0.0.0", "255.255.255.252");
  ipv4.Assign (core);
  tch.Uninstall (core);
  for (uint32_t d = 0; d < 2; d++)
    {
      Ptr<RateErrorModel> em = CreateObject<RateErrorModel> ();
      em->SetAttribute ("ErrorRate", DoubleValue (0.01));
      em->SetAttribute ("ErrorUnit", StringValue ("ERROR_UNIT_PACKET"));
      core.Get (d)->SetAttribute ("ReceiveErrorModel", PointerValue (em));
    }

  std::vector<Ipv4Address> server_addr (n);
  for (uint32_t i = 0; i < n; i++)
    {
      char base[32];
      NetDeviceContainer c = Connect (clients.Get (i), routers.Get (0), "100Mbps", "1ms");
      NetDeviceContainer s = Connect (servers.Get (i), routers.Get (1), "100Mbps", "1ms");

      std::snprintf (base, sizeof base, "10.%u.%u.0", 16 + i / 250, i % 250);
      ipv4.SetBase (base, "255.255.255.0");
      ipv4.Assign (c);
      tch.Uninstall (c);
      std::snprintf (base, sizeof base, "10.%u.%u.0", 32 + i / 250, i % 250);
      ipv4.SetBase (base, "255.255.255.0");
      server_addr[i] = ipv4.Assign (s).GetAddress (0);
      tch.Uninstall (s);
    }
  Ipv4GlobalRoutingHelper::PopulateRoutingTables ();

  for (uint32_t i = 0; i < n; i++)
    {
      PacketSinkHelper sink ("ns3::TcpSocketFactory",
                             InetSocketAddress (Ipv4Address::GetAny (), 9));
      ApplicationContainer sa = sink.Install (servers.Get (i));
      sa.Start (Seconds (0));
      sa.Get (0)->TraceConnectWithoutContext ("Rx", MakeBoundCallback (&SinkRx, i));

      BulkSendHelper bulk ("ns3::TcpSocketFactory", InetSocketAddress (server_addr[i], 9));
      bulk.SetAttribute ("MaxBytes", UintegerValue (bytes));
      bulk.SetAttribute ("SendSize", UintegerValue (8192));
      ApplicationContainer ca = bulk.Install (clients.Get (i));
      ca.Start (Seconds (0));
    }

  auto t0 = std::chrono::steady_clock::now ();
  Simulator::Stop (Seconds (600));
  Simulator::Run ();
  double wall = std::chrono::duration<double> (std::chrono::steady_clock::now () - t0).count ();
  std::printf ("  ns-3: simulated %.3f s, %u of %u transfers complete, %.3f s in Run()\n",
               Simulator::Now ().GetSeconds (), g_done, n, wall);
  Simulator::Destroy ();
  return g_done == n ? 0 : 1;
}
