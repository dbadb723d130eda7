using BenchmarkDotNet.Attributes;
using Sift.Protocols.Dns;

namespace Sift.Benchmarks.Dns;

/// <summary>The per-packet work of the client: building a query, matching a reply's question, parsing a reply.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class DnsWireBenchmarks
{
    private readonly byte[] _name = new byte[256];
    private readonly byte[] _query = new byte[512];
    private byte[] _reply = [];
    private int _nameLength;

    [GlobalSetup]
    public void Setup()
    {
        _nameLength = DnsName.TryEncode("10.2.0.192.zen.example.test", _name);
        _reply = new DnsWriter().Question("10.2.0.192.zen.example.test", DnsRecordType.A)
            .Answer(new ARecord("10.2.0.192.zen.example.test", 300, System.Net.IPAddress.Parse("127.0.0.2")))
            .Answer(new ARecord("10.2.0.192.zen.example.test", 300, System.Net.IPAddress.Parse("127.0.0.4")))
            .ToArray(1, 0x8180);
    }

    [Benchmark]
    public int WriteQuery() => DnsWriter.WriteQuery(_query, 1, _name.AsSpan(0, _nameLength), DnsRecordType.A);

    [Benchmark]
    public bool MatchQuestion() => DnsName.WireEquals(_reply, DnsHeader.Size, _name.AsSpan(0, _nameLength), out _);

    [Benchmark]
    public DnsMessage? ParseReply()
    {
        DnsReader.TryRead(_reply, out var m);
        return m;
    }
}
